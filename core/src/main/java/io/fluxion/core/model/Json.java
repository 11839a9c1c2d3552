package io.fluxion.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON of {@code model.json}: objects (as ordered maps), arrays (lists), strings, numbers
 * (doubles), booleans and null. {@link #parse} accepts exactly RFC 8259's grammar (whitespace is
 * space, tab, line feed and carriage return; numbers have no leading zeros, no lone point, no plus
 * sign, and must be finite as doubles; {@code \\u} escapes are four hex digits), refuses duplicate
 * keys and nesting deeper than {@link #MAX_DEPTH}, and names the offset of the first error; it
 * never recurses deeper than that limit. {@link #write} pretty-prints. Stateless.
 */
final class Json {

    /** The deepest nesting of arrays and objects {@link #parse} accepts. */
    static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A syntax error, with the character offset. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message, int offset) {
            super(message + " at character " + offset);
        }
    }

    static Object parse(String text) throws SyntaxException {
        Parser parser = new Parser(text);
        parser.skipSpace();
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw new SyntaxException("unexpected text after the value", parser.position);
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                position++;
            }
        }

        Object value(int depth) throws SyntaxException {
            char c = peek();
            return switch (c) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || isDigit(c)) {
                        yield number();
                    }
                    throw new SyntaxException("unexpected character '" + c + "'", position);
                }
            };
        }

        private Object literal(String word, Object value) throws SyntaxException {
            if (!text.startsWith(word, position)) {
                throw new SyntaxException("expected " + word, position);
            }
            position += word.length();
            return value;
        }

        private void checkDepth(int depth) throws SyntaxException {
            if (depth > MAX_DEPTH) {
                throw new SyntaxException("nested deeper than " + MAX_DEPTH + " levels", position);
            }
        }

        private Map<String, Object> object(int depth) throws SyntaxException {
            checkDepth(depth);
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipSpace();
            if (peek() == '}') {
                position++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw new SyntaxException("expected a key", position);
                }
                int keyAt = position;
                String key = string();
                if (map.containsKey(key)) {
                    throw new SyntaxException("duplicate key '" + key + "'", keyAt);
                }
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value(depth));
                skipSpace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw new SyntaxException("expected ',' or '}'", position - 1);
                }
            }
        }

        private List<Object> array(int depth) throws SyntaxException {
            checkDepth(depth);
            List<Object> list = new ArrayList<>();
            position++;
            skipSpace();
            if (peek() == ']') {
                position++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value(depth));
                skipSpace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw new SyntaxException("expected ',' or ']'", position - 1);
                }
            }
        }

        private String string() throws SyntaxException {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new SyntaxException("control character in a string", position - 1);
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hexEscape());
                    default -> throw new SyntaxException("bad escape '\\" + e + "'", position - 1);
                }
            }
        }

        /** The four hex digits after a backslash-u, as a char. */
        private char hexEscape() throws SyntaxException {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = position < text.length() ? Character.digit(text.charAt(position), 16) : -1;
                if (digit < 0) {
                    throw new SyntaxException("a \\u escape needs four hex digits", position);
                }
                value = value * 16 + digit;
                position++;
            }
            return (char) value;
        }

        /** -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
        private Double number() throws SyntaxException {
            int start = position;
            if (peekOr(' ') == '-') {
                position++;
            }
            if (peekOr(' ') == '0') {
                position++;
            } else if (isDigit(peekOr(' '))) {
                digits();
            } else {
                throw new SyntaxException("a number needs a digit after its sign", position);
            }
            if (peekOr(' ') == '.') {
                position++;
                if (!isDigit(peekOr(' '))) {
                    throw new SyntaxException("a number needs digits after its decimal point", position);
                }
                digits();
            }
            if (peekOr(' ') == 'e' || peekOr(' ') == 'E') {
                position++;
                if (peekOr(' ') == '+' || peekOr(' ') == '-') {
                    position++;
                }
                if (!isDigit(peekOr(' '))) {
                    throw new SyntaxException("a number needs digits in its exponent", position);
                }
                digits();
            }
            if (isDigit(peekOr(' '))) {
                throw new SyntaxException("a number may not start with a zero followed by digits", start);
            }
            double value = Double.parseDouble(text.substring(start, position));
            if (!Double.isFinite(value)) {
                throw new SyntaxException("number " + text.substring(start, position) + " is out of range", start);
            }
            return value;
        }

        private void digits() {
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private char peekOr(char fallback) {
            return position < text.length() ? text.charAt(position) : fallback;
        }

        private char peek() throws SyntaxException {
            if (position >= text.length()) {
                throw new SyntaxException("unexpected end", position);
            }
            return text.charAt(position);
        }

        private char next() throws SyntaxException {
            char c = peek();
            position++;
            return c;
        }

        private void expect(char c) throws SyntaxException {
            if (next() != c) {
                throw new SyntaxException("expected '" + c + "'", position - 1);
            }
        }
    }

    /** Writes maps, lists, strings, numbers, booleans and null, indented by two spaces. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String string) {
            quote(string, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                quote(entry.getKey().toString(), out);
                out.append(": ");
                write(entry.getValue(), out, indent + 1);
            }
            out.append(map.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            int i = 0;
            for (Object item : list) {
                out.append(i++ == 0 ? "" : ", ");
                write(item, out, indent + 1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("JSON cannot hold a " + value.getClass().getName());
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
