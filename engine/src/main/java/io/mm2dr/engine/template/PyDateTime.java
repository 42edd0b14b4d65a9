package io.mm2dr.engine.template;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A Python {@code datetime.datetime} as templates see it ({@code to_datetime}, {@code now()}):
 * {@code .year} ... {@code .microsecond}, {@code .strftime()}, {@code .timestamp()}, and {@code str()}
 * as Python prints it. {@link #minus} gives a {@link Delta} (Python's timedelta).
 */
public final class PyDateTime implements Comparable<PyDateTime> {
    private final LocalDateTime value;
    private final ZoneOffset offset; // null for a naive datetime

    PyDateTime(LocalDateTime value, ZoneOffset offset) {
        this.value = value;
        this.offset = offset;
    }

    LocalDateTime local() {
        return value;
    }

    public int getYear() {
        return value.getYear();
    }

    public int getMonth() {
        return value.getMonthValue();
    }

    public int getDay() {
        return value.getDayOfMonth();
    }

    public int getHour() {
        return value.getHour();
    }

    public int getMinute() {
        return value.getMinute();
    }

    public int getSecond() {
        return value.getSecond();
    }

    public int getMicrosecond() {
        return value.getNano() / 1000;
    }

    public String strftime(String format) {
        return TimeFormat.strftime(format, value, offset);
    }

    public String isoformat() {
        return str('T');
    }

    public double timestamp() {
        ZoneOffset o = offset != null ? offset : java.time.ZoneId.systemDefault().getRules().getOffset(value);
        return value.toEpochSecond(o) + value.getNano() / 1e9;
    }

    public int weekday() {
        return value.getDayOfWeek().getValue() - 1;
    }

    public int isoweekday() {
        return value.getDayOfWeek().getValue();
    }

    /** {@code a - b}. */
    public Delta minus(PyDateTime other) {
        long micros = ChronoUnit.MICROS.between(other.value, value);
        return new Delta(micros);
    }

    @Override
    public int compareTo(PyDateTime o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyDateTime d && d.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    private String str(char separator) {
        StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", value.getYear(),
                value.getMonthValue(), value.getDayOfMonth(), separator, value.getHour(), value.getMinute(),
                value.getSecond()));
        if (value.getNano() / 1000 != 0) {
            sb.append(String.format(".%06d", value.getNano() / 1000));
        }
        if (offset != null) {
            sb.append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return str(' ');
    }

    /** Python's timedelta: days, seconds, microseconds normalised as Python does. */
    public static final class Delta {
        private final long micros;

        Delta(long micros) {
            this.micros = micros;
        }

        public long getDays() {
            return Math.floorDiv(micros, 86_400_000_000L);
        }

        public long getSeconds() {
            return Math.floorMod(micros, 86_400_000_000L) / 1_000_000L;
        }

        public long getMicroseconds() {
            return Math.floorMod(micros, 1_000_000L);
        }

        public double total_seconds() {
            return micros / 1e6;
        }

        Duration duration() {
            return Duration.of(micros, ChronoUnit.MICROS);
        }

        @Override
        public String toString() {
            long days = getDays();
            long s = getSeconds();
            String hms = String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
            if (getMicroseconds() != 0) {
                hms += String.format(".%06d", getMicroseconds());
            }
            return days == 0 ? hms : days + (Math.abs(days) == 1 ? " day, " : " days, ") + hms;
        }
    }
}
