package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Device;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole demo end to end (with a short lecture run): five results, a summary table, three PNGs. */
class DemoRunTest {
    @Test
    void runsAllTasksPrintsTheTableAndWritesThePictures(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<TaskResult> results = Demo.run(new DemoOptions(Device.cpu(), dir, 20), Device.cpu(),
                Progress.silent(), out);
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(5, results.size());
        assertEquals(20, results.get(0).log().steps());
        assertTrue(results.get(0).log().finalLoss() < results.get(0).log().loss()[0], "lecture loss falls");
        assertTrue(results.get(1).accuracy() >= 0.97, "spiral " + results.get(1).accuracy());
        assertEquals(1.0, results.get(2).accuracy(), "XOR");
        assertTrue(results.get(4).accuracy() < 0.5, "zero init " + results.get(4).accuracy());
        assertTrue(text.contains("task") && text.contains("steps/s"), text);
        assertTrue(text.contains("max difference between hidden units 0 (exactly)"), text);
        for (String name : new String[] {"spiral-boundary.png", "spiral-boundary-zero-init.png"}) {
            BufferedImage img = ImageIO.read(dir.resolve(name).toFile());
            assertEquals(Demo.BOUNDARY_PIXELS, img.getWidth(), name);
            assertEquals(Demo.BOUNDARY_PIXELS, img.getHeight(), name);
        }
        BufferedImage curves = ImageIO.read(dir.resolve("spiral-loss.png").toFile());
        assertEquals(720, curves.getWidth());
        assertEquals(440, curves.getHeight());
    }
}
