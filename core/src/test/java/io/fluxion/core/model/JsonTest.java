package io.fluxion.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json}: RFC 8259's grammar exactly, with a depth limit and no duplicate keys. */
class JsonTest {

    private static void rejects(String text, String because) {
        Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().contains(because), text + ": " + e.getMessage());
    }

    @Test
    void numbersFollowTheGrammar() throws Exception {
        assertEquals(0.0, Json.parse("0"));
        assertEquals(-0.0, Json.parse("-0"));
        assertEquals(12.5, Json.parse("12.5"));
        assertEquals(-1.5e-3, Json.parse("-1.5e-3"));
        assertEquals(2e10, Json.parse("2E+10"));
        assertEquals(100.0, Json.parse("1e2"));
        rejects("01", "zero followed by digits");
        rejects("-01", "zero followed by digits");
        rejects("1.", "digits after its decimal point");
        rejects("-.5", "digit after its sign");
        rejects(".5", "unexpected character '.'");
        rejects("+1", "unexpected character '+'");
        rejects("1e", "digits in its exponent");
        rejects("1e+", "digits in its exponent");
        rejects("-", "digit after its sign");
        rejects("1e999", "out of range");
        rejects("NaN", "unexpected character 'N'");
        rejects("Infinity", "unexpected character 'I'");
        rejects("0x10", "unexpected text after the value");
    }

    @Test
    void stringsAndEscapes() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""), "a surrogate pair");
        rejects("\"\\x41\"", "bad escape");
        rejects("\"\\u12\"", "four hex digits");
        rejects("\"\\u+123\"", "four hex digits");
        rejects("\"\\u12g4\"", "four hex digits");
        rejects("\"tab\there\"", "control character");
        rejects("\"open", "unexpected end");
    }

    @Test
    void whitespaceIsOnlyTheFourKinds() throws Exception {
        assertEquals(List.of(1.0, 2.0), Json.parse(" \t\r\n[1,\n2]\n"));
        rejects("\u00a0[1]", "unexpected character");
        rejects("[1,\u000b2]", "unexpected character");
    }

    @Test
    void objectsKeepOrderAndRefuseDuplicateKeys() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Json.parse("{\"b\": 1, \"a\": [true, false, null], \"c\": {}}");
        assertEquals(List.of("b", "a", "c"), List.copyOf(map.keySet()));
        assertEquals(Arrays.asList(true, false, null), map.get("a"));
        rejects("{\"a\": 1, \"a\": 2}", "duplicate key 'a' at character 9");
        rejects("{\"a\" 1}", "expected ':'");
        rejects("{\"a\": 1,}", "expected a key");
        rejects("[1, 2,]", "unexpected character ']'");
        rejects("{a: 1}", "expected a key");
        rejects("[1] [2]", "unexpected text after the value");
        rejects("", "unexpected end");
        rejects("tru", "expected true");
    }

    @Test
    void nestingIsLimitedWithoutDeepRecursion() throws Exception {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(deepest) instanceof List);
        rejects("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), "nested deeper than 64 levels");
        // 200 000 levels would overflow the stack of a recursive parser without the limit
        rejects("{\"a\":".repeat(200_000), "nested deeper than 64 levels");
    }

    @Test
    void whatIsWrittenReadsBack() throws Exception {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", "moons \"v2\"\n\u0001");
        manifest.put("width", 256.0);
        manifest.put("scale", 0.125);
        manifest.put("flags", Arrays.asList(true, null, List.of()));
        manifest.put("nested", Map.of("x", -1.5e-7));
        assertEquals(manifest, Json.parse(Json.write(manifest)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("bad", Double.NaN)));
    }
}
