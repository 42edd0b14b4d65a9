package io.mm2dr.engine.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the inside of a Jinja2 expression ({@code {{ ... }}} or a tag's expression) into tokens
 * as Jinja2's lexer does: names (unicode identifiers), integers (decimal, {@code 0x}, {@code 0o},
 * {@code 0b}, with underscores), floats, string literals with Python's escapes, and operators.
 */
final class JinjaLexer {
    enum Kind { NAME, STRING, INTEGER, FLOAT, OPERATOR, END }

    record Token(Kind kind, String text, Object value, int pos) {
        boolean is(String operator) {
            return kind == Kind.OPERATOR && text.equals(operator);
        }

        boolean isName(String name) {
            return kind == Kind.NAME && text.equals(name);
        }

        String describe() {
            return switch (kind) {
                case END -> "end of print statement";
                case STRING -> "string";
                case INTEGER -> "integer";
                case FLOAT -> "float";
                default -> text;
            };
        }
    }

    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=",
        "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|", ";",
    };

    private final String source;
    private int i;

    private JinjaLexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new JinjaLexer(source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        int n = source.length();
        while (true) {
            while (i < n && Character.isWhitespace(source.charAt(i))) {
                i++;
            }
            if (i >= n) {
                tokens.add(new Token(Kind.END, "", null, n));
                return tokens;
            }
            char c = source.charAt(i);
            int start = i;
            if (c == '\'' || c == '"') {
                tokens.add(new Token(Kind.STRING, null, string(c), start));
            } else if (isDigit(c)) {
                tokens.add(number(tokens));
            } else if (Character.isUnicodeIdentifierStart(c) || c == '_') {
                i++;
                while (i < n && (Character.isUnicodeIdentifierPart(source.charAt(i)) && !Character.isIdentifierIgnorable(source.charAt(i)))) {
                    i++;
                }
                String name = source.substring(start, i);
                tokens.add(new Token(Kind.NAME, name, name, start));
            } else {
                String op = null;
                for (String candidate : OPERATORS) {
                    if (source.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                if (op == null) {
                    throw new JinjaSyntaxException("unexpected char '" + c + "' at " + i, i);
                }
                i += op.length();
                tokens.add(new Token(Kind.OPERATOR, op, op, start));
            }
        }
    }

    private static boolean afterDot(List<Token> tokens) {
        return !tokens.isEmpty() && tokens.get(tokens.size() - 1).is(".");
    }

    /** A number; after a '.' (attribute position) only an integer, so {@code x.1.2} is two look-ups. */
    private Token number(List<Token> tokens) {
        int start = i;
        int n = source.length();
        if (source.charAt(i) == '0' && i + 1 < n && "xXoObB".indexOf(source.charAt(i + 1)) >= 0) {
            char kind = Character.toLowerCase(source.charAt(i + 1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            i += 2;
            int digitsStart = i;
            while (i < n && (Character.digit(source.charAt(i), radix) >= 0 || source.charAt(i) == '_')) {
                i++;
            }
            String digits = source.substring(digitsStart, i).replace("_", "");
            if (digits.isEmpty()) {
                throw new JinjaSyntaxException("invalid integer literal '" + source.substring(start, i) + "'", start);
            }
            return new Token(Kind.INTEGER, source.substring(start, i), normalize(new BigInteger(digits, radix)), start);
        }
        digits();
        boolean isFloat = false;
        if (!afterDot(tokens)) {
            if (i + 1 < n && source.charAt(i) == '.' && isDigit(source.charAt(i + 1))) {
                isFloat = true;
                i++;
                digits();
            }
            if (i < n && (source.charAt(i) == 'e' || source.charAt(i) == 'E')) {
                int mark = i;
                i++;
                if (i < n && (source.charAt(i) == '+' || source.charAt(i) == '-')) {
                    i++;
                }
                if (i < n && isDigit(source.charAt(i))) {
                    digits();
                    isFloat = true;
                } else {
                    i = mark;
                }
            }
        }
        String text = source.substring(start, i);
        String clean = text.replace("_", "");
        if (isFloat) {
            return new Token(Kind.FLOAT, text, Double.parseDouble(clean), start);
        }
        return new Token(Kind.INTEGER, text, normalize(new BigInteger(clean)), start);
    }

    private void digits() {
        int n = source.length();
        while (i < n && (isDigit(source.charAt(i))
                || (source.charAt(i) == '_' && i + 1 < n && isDigit(source.charAt(i + 1))))) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static Object normalize(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    /** A string literal, unescaped as Python's unicode-escape codec does (unknown escapes stay as written). */
    private String string(char quote) {
        int start = i;
        int n = source.length();
        i++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= n) {
                throw new JinjaSyntaxException("unexpected end of string literal", start);
            }
            char c = source.charAt(i);
            if (c == quote) {
                i++;
                return out.toString();
            }
            if (c == '\r') {
                // Jinja2 normalises newlines in string literals
                out.append('\n');
                i += (i + 1 < n && source.charAt(i + 1) == '\n') ? 2 : 1;
                continue;
            }
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char e = source.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> out.appendCodePoint(hex(2, start));
                case 'u' -> out.appendCodePoint(hex(4, start));
                case 'U' -> out.appendCodePoint(hex(8, start));
                case 'N' -> out.append(namedCharacter(start));
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        int digits = 1;
                        while (digits < 3 && i < n && source.charAt(i) >= '0' && source.charAt(i) <= '7') {
                            value = value * 8 + (source.charAt(i) - '0');
                            i++;
                            digits++;
                        }
                        out.appendCodePoint(value);
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
    }

    private int hex(int digits, int literalStart) {
        if (i + digits > source.length()) {
            throw new JinjaSyntaxException("truncated \\x escape in string literal", literalStart);
        }
        String h = source.substring(i, i + digits);
        try {
            int cp = Integer.parseInt(h, 16);
            i += digits;
            return cp;
        } catch (NumberFormatException e) {
            throw new JinjaSyntaxException("truncated escape in string literal", literalStart);
        }
    }

    private String namedCharacter(int literalStart) {
        if (i >= source.length() || source.charAt(i) != '{') {
            throw new JinjaSyntaxException("malformed \\N character escape", literalStart);
        }
        int end = source.indexOf('}', i);
        if (end < 0) {
            throw new JinjaSyntaxException("malformed \\N character escape", literalStart);
        }
        String name = source.substring(i + 1, end);
        i = end + 1;
        try {
            return Character.toString(Character.codePointOf(name));
        } catch (IllegalArgumentException e) {
            throw new JinjaSyntaxException("unknown Unicode character name", literalStart);
        }
    }

    /** A lexing or parsing failure; the position is an offset in the expression. */
    static final class JinjaSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int position;

        JinjaSyntaxException(String message, int position) {
            super(message);
            this.position = position;
        }

        int position() {
            return position;
        }
    }
}
