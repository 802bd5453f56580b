package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    @Test
    void alignsColumnsAndFormatsNumbers() {
        TrainingLog a = new TrainingLog("a", 2000, 4.0, new int[] {0, 1999}, new double[] {1.1, 0.24666});
        TrainingLog b = new TrainingLog("b", 100, 0.5, new int[] {0, 99}, new double[] {1000, 2.5});
        String table = SummaryTable.format(List.of(new TaskResult("spiral", "cpu", a, 0.98667),
                new TaskResult("(a) lecture net", "cuda:0", b, Double.NaN)));
        String expected = ""
                + "task             device  steps  final loss  accuracy    time  steps/s\n"
                + "---------------  ------  -----  ----------  --------  ------  -------\n"
                + "spiral              cpu   2000      0.2467    98.67%  4.00 s      500\n"
                + "(a) lecture net  cuda:0    100       2.500         -  0.50 s      200\n";
        assertEquals(expected, table);
    }
}
