package io.mm2dr.engine.template;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Python's strftime (C locale) and strptime for the common directives. */
final class TimeFormat {
    private TimeFormat() {
    }

    static String strftime(String format, LocalDateTime t, ZoneOffset offset) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(two(t.getYear() % 100));
                case 'm' -> out.append(two(t.getMonthValue()));
                case 'd' -> out.append(two(t.getDayOfMonth()));
                case 'e' -> out.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> out.append(two(t.getHour()));
                case 'I' -> out.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> out.append(two(t.getMinute()));
                case 'S' -> out.append(two(t.getSecond()));
                case 'f' -> out.append(String.format("%06d", t.getNano() / 1000));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'U' -> out.append(two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() % 7)) / 7));
                case 'W' -> out.append(two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() - 1)) / 7));
                case 'V' -> out.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
                case 'G' -> out.append(t.get(IsoFields.WEEK_BASED_YEAR));
                case 'C' -> out.append(two(t.getYear() / 100));
                case 'D' -> out.append(strftime("%m/%d/%y", t, offset));
                case 'F' -> out.append(strftime("%Y-%m-%d", t, offset));
                case 'T' -> out.append(strftime("%H:%M:%S", t, offset));
                case 'R' -> out.append(strftime("%H:%M", t, offset));
                case 'r' -> out.append(strftime("%I:%M:%S %p", t, offset));
                case 'c' -> out.append(strftime("%a %b %e %H:%M:%S %Y", t, offset));
                case 'x' -> out.append(strftime("%m/%d/%y", t, offset));
                case 'X' -> out.append(strftime("%H:%M:%S", t, offset));
                case 's' -> out.append(t.toEpochSecond(offset != null ? offset
                        : java.time.ZoneId.systemDefault().getRules().getOffset(t)));
                case 'z' -> out.append(offset == null ? "" : offset.getTotalSeconds() == 0 ? "+0000"
                        : offset.getId().replace(":", ""));
                case 'Z' -> out.append(offset == null ? "" : offset.getTotalSeconds() == 0 ? "UTC" : offset.getId());
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** Python's datetime.strptime: the whole text must match the format. */
    static PyDateTime strptime(String text, String format) {
        int[] f = {1900, 1, 1, 0, 0, 0, 0};
        int hour12 = -1;
        Boolean pm = null;
        int yday = -1;
        ZoneOffset offset = null;
        int p = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                if (Character.isWhitespace(c)) {
                    while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
                        p++;
                    }
                    continue;
                }
                if (p >= text.length() || Character.toLowerCase(text.charAt(p)) != Character.toLowerCase(c)) {
                    throw mismatch(text, format);
                }
                p++;
                continue;
            }
            char d = ++i < format.length() ? format.charAt(i) : '%';
            switch (d) {
                case 'Y' -> {
                    int[] r = number(text, p, 4, text, format);
                    f[0] = r[0];
                    p = r[1];
                }
                case 'y' -> {
                    int[] r = number(text, p, 2, text, format);
                    f[0] = r[0] < 69 ? 2000 + r[0] : 1900 + r[0];
                    p = r[1];
                }
                case 'm', 'd', 'H', 'M', 'S', 'I', 'j', 'f' -> {
                    int[] r = number(text, p, d == 'j' ? 3 : d == 'f' ? 6 : 2, text, format);
                    p = r[1];
                    switch (d) {
                        case 'm' -> f[1] = r[0];
                        case 'd' -> f[2] = r[0];
                        case 'H' -> f[3] = r[0];
                        case 'M' -> f[4] = r[0];
                        case 'S' -> f[5] = r[0];
                        case 'I' -> hour12 = r[0];
                        case 'j' -> yday = r[0];
                        default -> {
                            int digits = r[2];
                            int v = r[0];
                            for (int k = digits; k < 6; k++) {
                                v *= 10;
                            }
                            f[6] = v;
                        }
                    }
                }
                case 'b', 'B', 'h' -> {
                    int found = -1;
                    for (java.time.Month m : java.time.Month.values()) {
                        for (TextStyle style : new TextStyle[] {TextStyle.FULL, TextStyle.SHORT}) {
                            String name = m.getDisplayName(style, Locale.ENGLISH);
                            if (text.regionMatches(true, p, name, 0, name.length())) {
                                found = m.getValue();
                                p += name.length();
                                break;
                            }
                        }
                        if (found > 0) {
                            break;
                        }
                    }
                    if (found < 0) {
                        throw mismatch(text, format);
                    }
                    f[1] = found;
                }
                case 'a', 'A' -> {
                    boolean ok = false;
                    for (DayOfWeek w : DayOfWeek.values()) {
                        for (TextStyle style : new TextStyle[] {TextStyle.FULL, TextStyle.SHORT}) {
                            String name = w.getDisplayName(style, Locale.ENGLISH);
                            if (!ok && text.regionMatches(true, p, name, 0, name.length())) {
                                p += name.length();
                                ok = true;
                            }
                        }
                    }
                    if (!ok) {
                        throw mismatch(text, format);
                    }
                }
                case 'p' -> {
                    if (text.regionMatches(true, p, "AM", 0, 2) || text.regionMatches(true, p, "PM", 0, 2)) {
                        pm = Character.toUpperCase(text.charAt(p)) == 'P';
                        p += 2;
                    } else {
                        throw mismatch(text, format);
                    }
                }
                case 'z' -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Z|[+-]\\d\\d:?\\d\\d").matcher(text);
                    if (!m.find(p) || m.start() != p) {
                        throw mismatch(text, format);
                    }
                    String z = m.group();
                    offset = z.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
                    p = m.end();
                }
                case '%' -> {
                    if (p >= text.length() || text.charAt(p) != '%') {
                        throw mismatch(text, format);
                    }
                    p++;
                }
                default -> throw new TemplateError("'" + d + "' is a bad directive in format '%" + d + "'");
            }
        }
        if (p != text.length()) {
            throw new TemplateError("unconverted data remains: " + text.substring(p));
        }
        if (hour12 >= 0) {
            f[3] = hour12 % 12 + (Boolean.TRUE.equals(pm) ? 12 : 0);
        }
        try {
            LocalDateTime t = LocalDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], f[6] * 1000);
            if (yday > 0) {
                t = t.with(ChronoField.DAY_OF_YEAR, yday);
            }
            return new PyDateTime(t, offset);
        } catch (java.time.DateTimeException e) {
            throw new TemplateError(e.getMessage());
        }
    }

    /** {value, end, digits} of up to {@code max} digits at {@code p}. */
    private static int[] number(String s, int p, int max, String text, String format) {
        int start = p;
        while (p < s.length() && p - start < max && Character.isDigit(s.charAt(p))) {
            p++;
        }
        if (p == start) {
            throw mismatch(text, format);
        }
        return new int[] {Integer.parseInt(s.substring(start, p)), p, p - start};
    }

    private static TemplateError mismatch(String text, String format) {
        return new TemplateError("time data '" + text + "' does not match format '" + format + "'");
    }
}
