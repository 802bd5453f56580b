package dev.jgrad.gpubench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesNestedValuesInInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "add");
        m.put("ms", 0.25);
        m.put("n", 3L);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", List.of(1, "x"));
        assertEquals("{\"name\": \"add\", \"ms\": 0.25, \"n\": 3, \"ok\": true, \"none\": null, \"list\": [1, \"x\"]}", Json.write(m));
    }

    @Test
    void nonFiniteNumbersBecomeNullAndStringsAreEscaped() {
        assertEquals("[null, null, \"a\\\"b\\\\c\\nd\\u0001\"]",
                Json.write(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, "a\"b\\c\nd\u0001")));
    }

    @Test
    void writeLinesPutsOneItemPerLine() {
        assertEquals("[\n  {\"a\": 1},\n  {\"a\": 2}\n]", Json.writeLines(List.of(Map.of("a", 1), Map.of("a", 2))));
    }
}
