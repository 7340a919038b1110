package io.github.dpoprefresh.proof;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the validator reads header and payload ({@link ProofValidator#jsonObject}, Jackson on the UTF-8 bytes) against
 * two other readers on any text without control characters (the validator refuses those before reading): it accepts
 * exactly what Jackson's tree reader of the text accepts as one JSON object (duplicate names and trailing tokens
 * refused), with the same values, except for escapes with a non-ASCII "digit", which Jackson's reader of a String
 * takes and we refuse (as the hand-written reader before it did); and whatever it accepts, jose4j's reader (which
 * takes more, and whose types jose4j's key code expects) reads to the same map. Any exception is a finding too.
 */
class ProofJsonFuzzTest {

    static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static Stream<String> anyText() {
        return Stream.of("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"l8tF\",\"y\":\"9VE4\"}}",
                "{\"jti\":\"\\u0041\\n\",\"iat\":1562262616,\"f\":-1.5e3,\"b\":[true,false,null],\"o\":{\"p\":{}}}",
                "{\"a\":99999999999999999999999,\"a \":[[[]]]}", "{\"a\":1,}", "{\"a\":01}", "[1]", "{}");
    }

    @MethodSource
    @FuzzTest(maxDuration = "8s")
    void anyText(@NotNull @WithUtf8Length(max = 2_000) String text) {
        if (text.chars().anyMatch(c -> c < 0x20 && "\t\n\r".indexOf(c) < 0)) {
            return; // refused before reading; Jackson's reader of bytes would take zero bytes for UTF-16 or UTF-32
        }
        Map<String, Object> ours = ProofJsonTest.read(text);
        if (nonAsciiInUnicodeEscape(text)) {
            // Jackson 2.21's reader of a String takes such a character as a hex digit (by its low byte); RFC 8259 does not
            FuzzHarness.require(ours == null, "accepted a non-ASCII digit in an escape: " + text);
            return;
        }
        JsonNode jackson;
        try {
            jackson = JACKSON.readTree(text);
        } catch (StreamConstraintsException beyondJacksonsLimits) {
            return; // nesting or number length past Jackson's defaults (the validator lets the text bound them)
        } catch (JsonProcessingException refused) {
            jackson = null;
        }
        boolean jacksonAccepts = jackson != null && jackson.isObject();
        FuzzHarness.require((ours != null) == jacksonAccepts, (ours != null ? "accepted" : "refused")
                + " what Jackson " + (jacksonAccepts ? "accepts" : "refuses") + ": " + text);
        if (ours == null) {
            return;
        }
        FuzzHarness.require(longs(ours).equals(value(jackson)), "read differently from Jackson: " + text);
        try {
            FuzzHarness.require(longs(ours).equals(JsonUtil.parseJson(text)), "read differently from jose4j: " + text);
        } catch (JoseException e) {
            throw new AssertionError("accepted what jose4j refuses: " + text, e);
        }
    }

    private static boolean nonAsciiInUnicodeEscape(String text) {
        for (int i = text.indexOf("\\u"); i >= 0; i = text.indexOf("\\u", i + 1)) {
            for (int j = i + 2; j < Math.min(text.length(), i + 6); j++) {
                if (text.charAt(j) > 127) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value with every {@link Integer} as a {@link Long}, as jose4j's reader gives them. */
    static Object longs(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> members = new HashMap<>();
            map.forEach((name, member) -> members.put(name, longs(member)));
            return members;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ProofJsonFuzzTest::longs).collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
        }
        return value instanceof Integer i ? (Object) i.longValue() : value;
    }

    /** Jackson's tree as jose4j's types (Long for every integer that fits). */
    private static Object value(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> members = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                members.put(member.getKey(), value(member.getValue()));
            }
            return members;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.forEach(element -> elements.add(value(element)));
            return elements;
        }
        if (node.isIntegralNumber()) {
            BigInteger number = node.bigIntegerValue();
            return number.bitLength() < 64 ? (Object) number.longValue() : number;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }
}
