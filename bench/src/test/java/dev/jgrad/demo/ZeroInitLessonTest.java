package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Linear;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task (d): from all-zero weights the hidden units stay copies of each other and the net fails to learn. */
class ZeroInitLessonTest {
    private static DemoTasks.ZeroInit lesson;

    @BeforeAll
    static void train() {
        lesson = DemoTasks.zeroInit(Progress.silent());
    }

    @Test
    void zeroInitHiddenUnitsStayIdentical() {
        SpiralNet zero = lesson.zero().net();
        assertEquals(0.0, zero.hiddenUnitSpread(), "max difference between hidden units");
        assertRowsEqual(zero.fc1, zero.fc2);
        assertTrue(zero.largestWeight() > 0.1, "the weights did move: largest " + zero.largestWeight());
    }

    @Test
    void zeroInitFailsToLearnWhereRandomInitLearns() {
        double zero = lesson.zero().accuracy();
        double random = lesson.random().accuracy();
        assertTrue(zero < 0.5, "zero-init accuracy " + zero + " should stay below 50%");
        assertTrue(random >= 0.85, "random-init accuracy " + random + " should be high");
        assertTrue(lesson.random().net().hiddenUnitSpread() > 0.1, "random init breaks the symmetry");
    }

    /** Directly on the tensors: every row of W1 and b1, and every column of W2, equals unit 0's. */
    private static void assertRowsEqual(Linear fc1, Linear fc2) {
        float[] w1 = fc1.weight().toFloatArray();
        float[] b1 = fc1.bias().toFloatArray();
        float[] w2 = fc2.weight().toFloatArray();
        int hidden = b1.length;
        for (int h = 1; h < hidden; h++) {
            assertEquals(w1[0], w1[2 * h], "W1[" + h + ", 0]");
            assertEquals(w1[1], w1[2 * h + 1], "W1[" + h + ", 1]");
            assertEquals(b1[0], b1[h], "b1[" + h + "]");
            for (int c = 0; c < w2.length / hidden; c++) {
                assertEquals(w2[c * hidden], w2[c * hidden + h], "W2[" + c + ", " + h + "]");
            }
        }
    }
}
