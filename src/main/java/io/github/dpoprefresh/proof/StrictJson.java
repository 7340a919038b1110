package io.github.dpoprefresh.proof;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object (RFC 8259), strictly, for the header and the payload of a proof: whitespace only where the
 * grammar has it (space, tab, line feed, carriage return), no trailing commas, no leading zeros, only the escapes of
 * RFC 8259 §7, no raw control characters in strings, nothing after the object, and no member name twice in any
 * object (RFC 7515 §5.2 item 4, RFC 7519 §4).
 *
 * <p>Values are of the types jose4j's reader gives, so that a {@code jwk} object can go to jose4j as it is:
 * {@link String}, {@link Long} (a {@link BigInteger} past 64 bits), {@link Double} (a number with a fraction or an
 * exponent), {@link Boolean}, {@code null}, {@link List}, {@link Map}.
 *
 * <p>Not recursive: nesting costs heap, not stack, and is bounded by the text, which the validator bounds (8 KB).
 */
final class StrictJson {

    private final String text;
    private int pos;

    private StrictJson(String text) {
        this.text = text;
    }

    static Map<String, Object> object(String text) throws JsonSyntaxException {
        return new StrictJson(text).document();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> document() throws JsonSyntaxException {
        skipWhitespace();
        expect('{');
        Map<String, Object> root = new HashMap<>();
        ArrayDeque<Object> open = new ArrayDeque<>();
        open.push(root);
        boolean empty = true; // the innermost open object or array has no member yet
        while (!open.isEmpty()) {
            Object container = open.peek();
            boolean inObject = container instanceof Map;
            skipWhitespace();
            if (take(inObject ? '}' : ']')) {
                open.pop();
                empty = false;
                continue;
            }
            if (!empty) {
                expect(',');
                skipWhitespace();
            }
            String name = null;
            if (inObject) {
                name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
            }
            int start = pos;
            Object value;
            boolean opens = true;
            if (take('{')) {
                value = new HashMap<String, Object>();
            } else if (take('[')) {
                value = new ArrayList<>();
            } else {
                value = scalar();
                opens = false;
            }
            if (inObject) {
                Map<String, Object> members = (Map<String, Object>) container;
                if (members.containsKey(name)) {
                    throw new JsonSyntaxException("duplicate member name", start);
                }
                members.put(name, value);
            } else {
                ((List<Object>) container).add(value);
            }
            if (opens) {
                open.push(value);
            }
            empty = opens;
        }
        skipWhitespace();
        if (pos != text.length()) {
            throw new JsonSyntaxException("text after the object", pos);
        }
        return root;
    }

    private Object scalar() throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw new JsonSyntaxException("value expected", pos);
        }
        char c = text.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (literal("true")) {
            return Boolean.TRUE;
        }
        if (literal("false")) {
            return Boolean.FALSE;
        }
        if (literal("null")) {
            return null;
        }
        throw new JsonSyntaxException("value expected", pos);
    }

    /** RFC 8259 §7. */
    private String string() throws JsonSyntaxException {
        expect('"');
        int start = pos;
        StringBuilder unescaped = null;
        while (true) {
            if (pos >= text.length()) {
                throw new JsonSyntaxException("unterminated string", start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String value = unescaped == null ? text.substring(start, pos) : unescaped.toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw new JsonSyntaxException("unescaped control character", pos);
            }
            if (c != '\\') {
                if (unescaped != null) {
                    unescaped.append(c);
                }
                pos++;
                continue;
            }
            if (unescaped == null) {
                unescaped = new StringBuilder(text.length() - start).append(text, start, pos);
            }
            pos++;
            char escaped = pos < text.length() ? text.charAt(pos++) : 0;
            switch (escaped) {
                case '"', '\\', '/' -> unescaped.append(escaped);
                case 'b' -> unescaped.append('\b');
                case 'f' -> unescaped.append('\f');
                case 'n' -> unescaped.append('\n');
                case 'r' -> unescaped.append('\r');
                case 't' -> unescaped.append('\t');
                case 'u' -> unescaped.append(hex4());
                default -> throw new JsonSyntaxException("invalid escape", pos - 1);
            }
        }
    }

    private char hex4() throws JsonSyntaxException {
        if (pos + 4 > text.length()) {
            throw new JsonSyntaxException("invalid \\u escape", pos);
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char c = text.charAt(pos++);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw new JsonSyntaxException("invalid \\u escape", pos - 1);
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    /** RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Object number() throws JsonSyntaxException {
        int start = pos;
        take('-');
        if (!take('0') && digits() == 0) {
            throw new JsonSyntaxException("invalid number", start);
        }
        boolean whole = true;
        if (take('.')) {
            whole = false;
            if (digits() == 0) {
                throw new JsonSyntaxException("invalid number", start);
            }
        }
        if (take('e') || take('E')) {
            whole = false;
            if (!take('+')) {
                take('-');
            }
            if (digits() == 0) {
                throw new JsonSyntaxException("invalid number", start);
            }
        }
        String number = text.substring(start, pos);
        if (!whole) {
            return Double.valueOf(number);
        }
        try {
            return Long.valueOf(number);
        } catch (NumberFormatException beyond64Bits) {
            return new BigInteger(number);
        }
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private boolean literal(String word) {
        if (text.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private boolean take(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws JsonSyntaxException {
        if (!take(c)) {
            throw new JsonSyntaxException("'" + c + "' expected", pos);
        }
    }
}
