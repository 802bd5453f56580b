package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task (b): the demo's own spiral run reaches ≥ 97% and its boundary picture shows the three classes. */
class SpiralDemoTest {
    private static DemoTasks.Spiral spiral;

    @BeforeAll
    static void train() {
        spiral = DemoTasks.spiral(Progress.silent());
    }

    @Test
    void reachesNinetySevenPercentTrainingAccuracy() {
        double accuracy = spiral.accuracy();
        assertTrue(accuracy >= 0.97, "spiral training accuracy " + accuracy + " < 0.97");
        assertEquals(DemoTasks.SPIRAL_STEPS, spiral.log().steps());
    }

    @Test
    void lossFallsFromChanceLevel() {
        // before any update every class gets about ⅓: cross-entropy ≈ ln 3, plus a small L2 term
        double first = spiral.log().loss()[0];
        assertTrue(Math.abs(first - Math.log(3)) < 0.15, "first loss " + first + " should be about ln 3");
        assertTrue(spiral.log().finalLoss() < 0.35, "final loss " + spiral.log().finalLoss());
    }

    @Test
    void boundaryPictureShowsThreeClassRegions(@TempDir Path dir) throws IOException {
        float[] xy = spiral.data().inputs().toFloatArray();
        int[] labels = spiral.data().targets().toIntArray();
        Path file = dir.resolve("boundary.png");
        DecisionBoundaryPng.write(file, spiral.net(), xy, labels, 120, null);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(120, img.getWidth());
        assertEquals(120, img.getHeight());
        int[] counts = PixelCounts.of(img, DecisionBoundaryPng.REGION);
        for (int c = 0; c < 3; c++) {
            // the three arms are the same size, so each region is a sizeable share of the picture
            assertTrue(counts[c] > 0.15 * 120 * 120, "class " + c + " region has only " + counts[c] + " pixels");
        }
    }
}
