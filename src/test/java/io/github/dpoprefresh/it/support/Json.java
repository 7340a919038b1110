package io.github.dpoprefresh.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Small JSON and form helpers shared by the harness. */
public final class Json {

    /** The harness' one ObjectMapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses {@code text}; a blank or non-JSON text gives a {@link MissingNode}. */
    public static JsonNode parseLenient(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** Serializes a Map, JsonNode, String (taken as JSON already) or any Jackson-serializable object. */
    public static String write(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code application/x-www-form-urlencoded} encoding of {@code form} (in its iteration order). */
    public static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
