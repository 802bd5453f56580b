package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision-boundary PNG, with a hand-made classifier whose regions are known exactly. */
class DecisionBoundaryPngTest {
    /** Three 120° sectors around the origin: class 0 from 0°, class 1 from 120°, class 2 from 240°. */
    private static final PointClassifier SECTORS = xy -> {
        int[] c = new int[xy.length / 2];
        for (int i = 0; i < c.length; i++) {
            double deg = Math.toDegrees(Math.atan2(xy[2 * i + 1], xy[2 * i]));
            c[i] = (int) (((deg + 360) % 360) / 120);
        }
        return c;
    };
    /** One point per class, symmetric about the origin so the view is centred there. */
    private static final float[] POINTS = {1, 0, -0.5f, 0.866f, -0.5f, -0.866f, -1, 0, 0.5f, 0.866f, 0.5f, -0.866f};
    private static final int[] LABELS = {0, 1, 2, 1, 0, 2};

    @Test
    void writesAValidPngOfTheRequestedSizeWithThreeRegions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/boundary.png");
        DecisionBoundaryPng.write(file, SECTORS, POINTS, LABELS, 90, "sectors");
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                java.util.Arrays.copyOf(bytes, 8), "PNG signature");
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(90, img.getWidth());
        assertEquals(90, img.getHeight());
        int[] regions = PixelCounts.of(img, DecisionBoundaryPng.REGION);
        for (int c = 0; c < 3; c++) {
            // each sector is a third of the square, less what the points and the caption cover
            assertTrue(regions[c] > 0.25 * 90 * 90, "class " + c + " region: " + regions[c] + " pixels");
        }
        assertEquals(0, regions[3] + regions[4], "no other class appears");
        int[] points = PixelCounts.of(img, DecisionBoundaryPng.POINT);
        for (int c = 0; c < 3; c++) {
            assertTrue(points[c] > 0, "points of class " + c + " are drawn");
        }
    }

    @Test
    void pixelsAreColouredByThePredictionAtTheirCentre() {
        // far from the points (drawn in the middle of each edge) and from the caption (none here)
        BufferedImage img = DecisionBoundaryPng.render(SECTORS, POINTS, LABELS, 100, null);
        // y points up: the top-right corner is at 45° (class 0), the top-left at 135° (class 1),
        // the bottom-left at 225° (class 1), the bottom edge's centre at 270° (class 2)
        assertEquals(DecisionBoundaryPng.REGION[0].getRGB(), img.getRGB(97, 2));
        assertEquals(DecisionBoundaryPng.REGION[1].getRGB(), img.getRGB(2, 2));
        assertEquals(DecisionBoundaryPng.REGION[1].getRGB(), img.getRGB(2, 97));
        assertEquals(DecisionBoundaryPng.REGION[2].getRGB(), img.getRGB(30, 97));
    }

    @Test
    void rejectsMismatchedPointsAndLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecisionBoundaryPng.render(SECTORS, new float[] {0, 0, 1}, new int[] {0, 1}, 10, null));
        assertTrue(e.getMessage().contains("DecisionBoundaryPng"), e.getMessage());
    }
}
