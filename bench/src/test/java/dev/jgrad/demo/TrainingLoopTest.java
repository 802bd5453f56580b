package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.MemoryStats;
import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {
    @Test
    void readsTheLossAbout200TimesAndAlwaysAtTheLastStep() {
        TrainingLog log = TrainingLoop.run("t", 1001, (t, read) -> read ? t : Double.NaN, Progress.silent());
        // every = 1001 / 200 = 5: steps 0, 5, ..., 1000 (201 reads); 1000 is also the last step
        assertEquals(201, log.at().length);
        assertEquals(0, log.at()[0]);
        assertEquals(5, log.at()[1]);
        assertEquals(1000, log.at()[200]);
        assertEquals(1000.0, log.finalLoss());
        TrainingLog odd = TrainingLoop.run("t", 7, (t, read) -> read ? t : Double.NaN, Progress.silent());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, odd.at());
        TrainingLog uneven = TrainingLoop.run("t", 403, (t, read) -> read ? t : Double.NaN, Progress.silent());
        assertEquals(402, uneven.at()[uneven.at().length - 1], "the last step is read even off the grid");
        assertEquals(400, uneven.at()[uneven.at().length - 2]);
    }

    @Test
    void tensorsMadeInAStepAreFreedEveryStep() {
        Tensor w = Tensor.ones(DType.F32, 8, 8);
        TrainingLoop.Step step = (t, read) -> w.matmul(w).add(1.0).sum().item();
        TrainingLoop.run("warm", 3, step, Progress.silent());
        long before = MemoryStats.liveTensors();
        TrainingLoop.run("flat", 300, step, Progress.silent());
        assertEquals(before, MemoryStats.liveTensors(), "live tensors after 300 steps");
        w.close();
    }

    @Test
    void plainProgressPrintsOneLinePerTenthThenTheFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        // step t reports 1/(t+1): after 10 steps (t = 9) 0.1, after 100 steps 0.01
        TrainingLoop.run("plain", 100, (t, read) -> 1.0 / (t + 1), progress);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("plain    step     10/100  loss 0.10000"), lines[0]);
        assertTrue(lines[9].startsWith("plain    step    100/100  loss 0.010000"), lines[9]);
        assertTrue(lines[9].endsWith("steps/s"), lines[9]);
    }

    @Test
    void terminalProgressRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        TrainingLoop.run("bar", 50, (t, read) -> 0.5, progress);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rbar      ["), out);
        assertTrue(out.contains("[" + "#".repeat(30) + "]     50/50  loss 0.50000"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line in the end: " + out);
    }

    @Test
    void rejectsZeroSteps() {
        assertThrows(IllegalArgumentException.class, () -> TrainingLoop.run("t", 0, (t, r) -> 0, Progress.silent()));
    }
}
