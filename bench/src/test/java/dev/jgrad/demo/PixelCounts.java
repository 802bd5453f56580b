package dev.jgrad.demo;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Counts an image's pixels of given exact colours (test helper). */
final class PixelCounts {
    private PixelCounts() {
    }

    static int[] of(BufferedImage img, Color... colours) {
        int[] counts = new int[colours.length];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                for (int c = 0; c < colours.length; c++) {
                    if ((colours[c].getRGB() & 0xFFFFFF) == rgb) {
                        counts[c]++;
                    }
                }
            }
        }
        return counts;
    }
}
