package io.github.dpoprefresh.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link ProofValidator#jsonObject} reads as one JSON object and what it refuses (null). */
class ProofJsonTest {

    @Test
    void readsEveryTypeAsJose4jDoes() throws Exception {
        String json = "{\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\",\"i\":-42,\"zero\":-0,\"long\":9223372036854775807,"
                + "\"big\":99999999999999999999999,\"f\":1.5,\"e\":-2E+3,\"t\":true,\"n\":null,\"a\":[1,[],{}],"
                + "\"o\":{\"x\":{\"y\":[false]}}}";

        Map<String, Object> read = read(json);

        assertThat(ProofJsonFuzzTest.longs(read)).isEqualTo(JsonUtil.parseJson(json));
        assertThat(read.get("s")).isEqualTo("a\"\\/\b\f\n\r\t\u00e9\uD83D\uDE00");
        assertThat(read.get("i")).isEqualTo(-42);
        assertThat(read.get("zero")).isEqualTo(0);
        assertThat(read.get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.get("big")).isEqualTo(new BigInteger("99999999999999999999999"));
        assertThat(read.get("f")).isEqualTo(1.5);
        assertThat(read.get("e")).isEqualTo(-2000.0);
        assertThat(read.get("t")).isEqualTo(Boolean.TRUE);
        assertThat(read).containsEntry("n", null);
        assertThat(read.get("a")).isEqualTo(List.of(1, List.of(), Map.of()));
        assertThat(read.get("o")).isEqualTo(Map.of("x", Map.of("y", List.of(false))));
    }

    @Test
    void readsTheRfc9449ExampleHeader() throws Exception {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"x\":\"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs\","
                + "\"y\":\"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA\",\"crv\":\"P-256\"}}";

        assertThat(read(header)).isEqualTo(JsonUtil.parseJson(header));
    }

    @Test
    void whitespaceOfTheGrammarIsAllowedEverywhereItMayBe() throws Exception {
        assertThat(read(" \t\r\n{ \"a\" : [ 1 , { } ] , \"b\" :\"c\" } \n"))
                .isEqualTo(Map.of("a", List.of(1, Map.of()), "b", "c"));
        assertThat(read("{}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // what jose4j's reader (json_simple) also refuses
            "", " ", "[]", "[{}]", "\"x\"", "1", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1}x", "{\"a\":1}{}",
            "{\"a\":1,\"a\":2}", "{\"o\":{\"a\":1,\"a\":1}}", "{\"a\":[{\"b\":1,\"b\":1}]}", "{\"a\":1,\"\\u0061\":2}",
            "{\"a\":\"unterminated}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":NaN}", "{\"a\":Infinity}",
            "{\"a\":+1}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-}", "{\"a\":0x10}",
            "{\"a\":'b'}", "{a:1}", "{\"a\":[1}", "{\"a\":{]}", "{\"a\":\"\\",
            "{\f\"a\":1}", "{\u00a0\"a\":1}", "{\"a\":1}\u2028", "\ufeff{\"a\":1}"})
    void refusesWhatJose4jRefusesToo(String text) {
        assertThat(read(text)).isNull();
        assertThatThrownBy(() -> JsonUtil.parseJson(text)).isInstanceOf(JoseException.class);
    }

    /** jose4j's reader (json_simple) took these; RFC 8259 does not allow them, and no JOSE library writes them. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{,}", "{,\"a\":1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\" 1}", "{\"a\"::1}", "{\"a\":[1,]}",
            "{\"a\":[,1]}", "{\"a\":[1 2]}", "{\"a\":01}", "{\"a\":-01}", "{\"a\":\"\\a\"}", "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u00e\"}",
            // raw control characters in strings: the validator refuses them before either reader runs
            "{\"a\":\"\u0000\"}", "{\"a\":\"\t\"}", "{\"a\":\"\n\"}"})
    void refusesWhatJose4jTookThoughItIsNotJson(String text) throws Exception {
        assertThat(read(text)).isNull();
        assertThat(JsonUtil.parseJson(text)).isNotNull();
    }

    @Test
    void nestingIsBoundedByTheTextNotByTheStack() {
        int depth = 200_000;
        char[] open = new char[depth];
        char[] close = new char[depth];
        Arrays.fill(open, '[');
        Arrays.fill(close, ']');
        assertThat(read("{\"x\":" + new String(open) + new String(close) + "}")).containsKey("x");
        assertThat(read("{\"x\":" + new String(open) + "}")).isNull();
    }

    @Test
    void numbersOfAnyLengthAreRead() {
        String digits = "9".repeat(5_000);
        assertThat(read("{\"x\":" + digits + "}")).containsEntry("x", new BigInteger(digits));
    }

    @Test
    void anEscapeWithANonAsciiDigitIsRefusedThoughJacksonTakesIt() {
        // Jackson reads U+0443 by its low byte, 0x43 ('C'): regression input non-ascii-digit-in-unicode-escape
        assertThat(read("{\"a\":\"\\u004\u0443\"}")).isNull();
        assertThat(read("{\"a\":\"\\u00\u0664\u0661\"}")).isNull();
    }

    @Test
    void anEscapedBackslashBeforeAUIsNoUnicodeEscape() {
        assertThat(read("{\"a\":\"\\\\uZZ\"}")).containsEntry("a", "\\uZZ");
    }

    /** The text as the validator gives it to the reader: UTF-8 bytes. */
    static Map<String, Object> read(String text) {
        return ProofValidator.jsonObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
