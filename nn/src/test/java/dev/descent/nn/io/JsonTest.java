package dev.descent.nn.io;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"x\\ty\\u00e9\\ud83d\\ude00\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, -2L, 3.5, 1000.0, true, false), ((List<?>) m.get("a")).subList(0, 6));
        assertNull(((List<?>) m.get("a")).get(6));
        assertEquals("x\ty\u00e9\ud83d\ude00", ((Map<?, ?>) m.get("b")).get("c"));
    }

    @Test
    void keepsKeyOrder() throws Exception {
        Map<?, ?> m = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(m.keySet()));
    }

    @Test
    void rejectsWhatRfc8259Rejects() {
        String[] bad = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "{\"a\" 1}", "01", "-", "1.", ".5", "1e",
            "+1", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\u0001b\"", "[1 2]", "{} {}",
            "{\"a\":1} x", "// c\n{}", "NaN", "Infinity", "99999999999999999999", "\"\\ud800\"", "\"\\udc00\"",
            "{\"a\":1,\"a\":2}", "[" .repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)};
        for (String s : bad) {
            assertThrows(Json.ParseException.class, () -> Json.parse(s), () -> "accepted " + s);
        }
    }

    @Test
    void duplicateKeysAreNamed() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("{\"w\":1,\"w\":2}"));
        assertTrue(e.getMessage().contains("duplicate key \"w\""), e.getMessage());
    }

    @Test
    void writesCompactJsonWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a\"b", List.of(1L, 2L));
        m.put("c", "line\nbreak\u0001");
        assertEquals("{\"a\\\"b\":[1,2],\"c\":\"line\\nbreak\\u0001\"}", Json.write(m));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Json.write("\ud800"));
    }

    @Property(tries = 100)
    void writeThenParseIsIdentity(@ForAll("values") Object value) throws Exception {
        assertEquals(value, Json.parse(Json.write(value)));
    }

    @Property(tries = 300)
    void arbitraryTextParsesOrFailsCleanly(@ForAll("jsonish") String text) {
        try {
            Json.parse(text);
        } catch (Json.ParseException expected) {
            // the only failure allowed
        }
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars("\n\t\u00e9\u2603").ofMaxLength(8)
                        .map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
        return Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), inner).ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m))), 2);
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\u").ofMaxLength(30);
    }
}
