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
 * {@link StrictJson} against two other readers on any text: it accepts exactly what Jackson accepts as one JSON
 * object (strict by default; duplicate names and trailing tokens refused), with the same values; and whatever it
 * accepts, jose4j's reader (the one the validator used before, which takes more) reads to the same map. Any other
 * exception than {@link JsonSyntaxException} is a finding too.
 */
class StrictJsonFuzzTest {

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
        Map<String, Object> ours;
        try {
            ours = StrictJson.object(text);
        } catch (JsonSyntaxException refused) {
            ours = null;
        }
        if (nonAsciiInUnicodeEscape(text)) {
            return; // Jackson 2.21 takes such a character as a hex digit (by its low byte); RFC 8259 does not
        }
        JsonNode jackson;
        try {
            jackson = JACKSON.readTree(text);
        } catch (StreamConstraintsException beyondJacksonsLimits) {
            return; // nesting or number length past Jackson's defaults: no verdict to compare with
        } catch (JsonProcessingException refused) {
            jackson = null;
        }
        boolean jacksonAccepts = jackson != null && jackson.isObject();
        FuzzHarness.require((ours != null) == jacksonAccepts, (ours != null ? "accepted" : "refused")
                + " what Jackson " + (jacksonAccepts ? "accepts" : "refuses") + ": " + text);
        if (ours == null) {
            return;
        }
        FuzzHarness.require(ours.equals(value(jackson)), "read differently from Jackson: " + text);
        try {
            FuzzHarness.require(ours.equals(JsonUtil.parseJson(text)), "read differently from jose4j: " + text);
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

    /** Jackson's tree as the types StrictJson gives (Long for every integer that fits). */
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
