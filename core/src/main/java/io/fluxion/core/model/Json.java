package io.fluxion.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON needed by {@code model.json}: objects (as ordered maps), arrays (lists), strings,
 * numbers (doubles), booleans and null. {@link #parse} is strict and reports the offset of a
 * syntax error; {@link #write} pretty-prints. Stateless.
 */
final class Json {

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
        Object value = parser.value();
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
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        Object value() throws SyntaxException {
            if (position >= text.length()) {
                throw new SyntaxException("unexpected end", position);
            }
            char c = text.charAt(position);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw new SyntaxException("unexpected character '" + c + "'", position);
            }
        }

        private Object literal(String word, Object value) throws SyntaxException {
            if (!text.startsWith(word, position)) {
                throw new SyntaxException("expected " + word, position);
            }
            position += word.length();
            return value;
        }

        private Map<String, Object> object() throws SyntaxException {
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
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (map.containsKey(key)) {
                    throw new SyntaxException("duplicate key '" + key + "'", position);
                }
                map.put(key, value());
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

        private List<Object> array() throws SyntaxException {
            List<Object> list = new ArrayList<>();
            position++;
            skipSpace();
            if (peek() == ']') {
                position++;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
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
                    case '"': case '\\': case '/': out.append(e); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u':
                        if (position + 4 > text.length()) {
                            throw new SyntaxException("bad \\u escape", position);
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw new SyntaxException("bad \\u escape", position);
                        }
                        position += 4;
                        break;
                    default:
                        throw new SyntaxException("bad escape '\\" + e + "'", position - 1);
                }
            }
        }

        private Double number() throws SyntaxException {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            try {
                return Double.parseDouble(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw new SyntaxException("bad number '" + text.substring(start, position) + "'", start);
            }
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
        } else if (value instanceof String) {
            quote((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                quote(entry.getKey().toString(), out);
                out.append(": ");
                write(entry.getValue(), out, indent + 1);
            }
            out.append(map.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append('}');
        } else if (value instanceof List) {
            out.append('[');
            int i = 0;
            for (Object item : (List<?>) value) {
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
