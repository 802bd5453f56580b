package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.bench.report.Json;
import dev.jgrad.bench.report.Machine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAndMachineTest {
    @Test
    void parsesNestedValuesAndJmhNaNStrings() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, null], \"b\": {\"s\": \"x\\\"y\\u00e9\"}, \"e\": \"NaN\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(1.0, a.get(0));
        assertEquals(-2500.0, a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertNull(a.get(3));
        assertEquals("x\"yé", ((Map<?, ?>) m.get("b")).get("s"));
        assertTrue(Double.isNaN(Json.number(m.get("e"))));
        assertEquals(-2500.0, Json.number(a.get(1)));
    }

    @Test
    void rejectsTruncatedJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertTrue(e.getMessage().startsWith("Json:"), e.getMessage());
    }

    @Test
    void machineSlugsAreFileNameSafe() {
        assertEquals("intel-xeon-processor-2c", Machine.slug("Intel(R) Xeon(R) Processor", 2));
        assertEquals("intel-core-i7-8700-12c", Machine.slug("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz", 12));
        assertEquals("amd-epyc-7b13-64-core-processor-2c", Machine.slug("AMD EPYC 7B13 64-Core Processor", 2));
    }
}
