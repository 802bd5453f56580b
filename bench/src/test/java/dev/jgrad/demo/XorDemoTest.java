package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Task (c): the 2-8-1 net learns XOR. */
class XorDemoTest {
    @Test
    void allFourPointsAreRight() {
        DemoTasks.Xor xor = DemoTasks.xor(Progress.silent());
        float[] p = xor.net().probabilities();
        float[] expected = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            // confidently right, not just on the right side of ½
            assertEquals(expected[i], p[i], 0.05, "P(1) for input " + i);
        }
        assertEquals(1.0, xor.net().accuracy());
        assertFalse(xor.net().table().contains("WRONG"), xor.net().table());
        assertTrue(xor.log().finalLoss() < 0.05, "final BCE " + xor.log().finalLoss());
    }
}
