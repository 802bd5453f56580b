package dev.jgrad.demo;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Shared plumbing of the demo's pictures: headless AWT, writing a PNG, and text that degrades to nothing
 * on a machine without fonts (a headless JDK can lack fontconfig; the picture is still worth having).
 *
 * <pre>{@code
 * BufferedImage img = Png.newImage(400, 300);
 * Graphics2D g = Png.graphics(img);
 * Png.text(g, "loss", 10, 20);
 * Png.write(Path.of("demo-out/x.png"), img);
 * }</pre>
 */
final class Png {
    private static volatile boolean textWorks = true;

    private Png() {
    }

    /** Makes sure AWT never looks for a display (call before the first AWT class is touched). */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static BufferedImage newImage(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Png.newImage: size must be positive, got " + width + "x" + height);
        }
        headless();
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** Antialiased graphics with a small sans-serif font. */
    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    /** Draws {@code s} with its baseline at (x, y); after the first font failure, draws no more text. */
    static void text(Graphics2D g, String s, int x, int y) {
        if (!textWorks) {
            return;
        }
        try {
            g.drawString(s, x, y);
        } catch (RuntimeException | LinkageError | InternalError e) {
            textWorks = false;
            System.err.println("demo: pictures without text (no usable font: " + e + ")");
        }
    }

    /** Width of {@code s} in pixels in g's font (0 when there are no fonts). */
    static int textWidth(Graphics2D g, String s) {
        if (!textWorks) {
            return 0;
        }
        try {
            return g.getFontMetrics().stringWidth(s);
        } catch (RuntimeException | LinkageError | InternalError e) {
            textWorks = false;
            return 0;
        }
    }

    /** Writes {@code img} as a PNG, creating the parent folder. */
    static void write(Path file, BufferedImage img) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IllegalStateException("Png.write: this JDK has no PNG writer (javax.imageio)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Png.write: cannot write " + file, e);
        }
    }
}
