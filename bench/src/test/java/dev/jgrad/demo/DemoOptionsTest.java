package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
    @Test
    void defaultsAreAutoDeviceDemoOutAnd2000Steps() {
        DemoOptions o = DemoOptions.parse();
        assertNull(o.device());
        assertEquals(Path.of("demo-out"), o.out());
        assertEquals(2000, o.lectureSteps());
        assertNull(DemoOptions.parse("--device", "auto").device(), "the pom's default demo.args");
    }

    @Test
    void parsesDeviceOutAndSteps() {
        DemoOptions o = DemoOptions.parse("--device", "cpu", "--out", "/tmp/pics", "--steps", "50");
        assertEquals(Device.cpu(), o.device());
        assertEquals(Path.of("/tmp/pics"), o.out());
        assertEquals(50, o.lectureSteps());
        assertEquals(Device.cuda(1), DemoOptions.parse("--device", "cuda:1").device());
    }

    @Test
    void badArgumentsNameTheProblemAndShowTheUsage() {
        for (String[] bad : new String[][] {{"--frobnicate"}, {"--device"}, {"--device", "tpu"},
            {"--steps", "many"}, {"--steps", "0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(bad));
            assertTrue(e.getMessage().contains("usage") || e.getMessage().contains("expected"), e.getMessage());
        }
    }
}
