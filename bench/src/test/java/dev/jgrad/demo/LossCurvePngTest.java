package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCurvePngTest {
    private static TrainingLog log(String label, double... loss) {
        int[] at = new int[loss.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = 10 * i;
        }
        return new TrainingLog(label, 10 * (loss.length - 1) + 1, 1.0, at, loss);
    }

    @Test
    void writesAValidPngWithOneColourPerRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("loss.png");
        LossCurvePng.write(file, "test", List.of(log("a", 2, 1, 0.5, 0.2), log("b", 1.1, 1.1, 1.0, 1.0)), 300, 200);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());
        int[] lines = PixelCounts.of(img, LossCurvePng.LINE);
        assertTrue(lines[0] > 20, "run a is drawn: " + lines[0] + " pixels");
        assertTrue(lines[1] > 20, "run b is drawn: " + lines[1] + " pixels");
        assertEquals(0, lines[2] + lines[3] + lines[4], "only two runs");
    }

    @Test
    void niceTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(500, LossCurvePng.niceTick(400));
        assertEquals(200, LossCurvePng.niceTick(200));
        assertEquals(2, LossCurvePng.niceTick(1.5));
        assertEquals(1, LossCurvePng.niceTick(0.3));
    }

    @Test
    void rejectsRunsWithoutAPositiveLoss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossCurvePng.render("t", List.of(log("a", 0, Double.NaN)), 300, 200));
        assertTrue(e.getMessage().contains("LossCurvePng"), e.getMessage());
    }
}
