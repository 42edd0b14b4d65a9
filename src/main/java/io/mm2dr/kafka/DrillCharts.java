package io.mm2dr.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drill report page's pictures, as inline SVG (no script, no font or image from anywhere): the
 * drill's timeline, horizontal bars (data lost per topic, records read twice per group) and the
 * recovery time as one bar cut into its steps. Every text is escaped with {@link #esc}; sizes are
 * in the picture's own units (1000 wide), so the page scales it to its width.
 */
final class DrillCharts {
    static final int WIDTH = 1000;
    /** The steps' colours, in turn. */
    static final List<String> STEP_COLOURS = List.of("#3a6fd8", "#7b5cd6", "#15a0a8", "#d9822b", "#c2477f", "#5a8f29");

    private DrillCharts() {
    }

    /** One event on the timeline: its label, its time (epoch ms) and its colour. */
    record Point(String label, long at, String colour) {
    }

    /** A span of time drawn under the events, with a legend entry. */
    record Band(String legend, long from, long to, String colour) {
    }

    /** One bar: its label, its value, the text shown after it, and a tooltip. */
    record Bar(String label, double value, String text, String title) {
    }

    /** Text for HTML and SVG, element content and attribute values alike. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    static String num(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** At most {@code max} characters, with an ellipsis when cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    /**
     * The timeline: the events as dots on one axis, their labels above and below (moved to another
     * row where they would overlap), the bands under them, a scale in seconds from {@code origin}.
     */
    static String timeline(List<Point> points, List<Band> bands, long origin, String description) {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        for (Point p : points) {
            t0 = Math.min(t0, p.at());
            t1 = Math.max(t1, p.at());
        }
        for (Band b : bands) {
            t0 = Math.min(t0, b.from());
            t1 = Math.max(t1, b.to());
        }
        if (t1 - t0 < 1000) {
            t1 = t0 + 1000;
        }
        int left = 60;
        int right = WIDTH - 60;
        long from = t0;
        double perMs = (right - left) / (double) (t1 - t0);
        // the labels: rows above (-1, -2) and below (1, 2) the axis, the first row free where it does not overlap
        int[] rows = {-1, 1, -2, 2};
        double[] rowEnd = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Long.compare(a.at(), b.at()));
        int[] placed = new int[sorted.size()];
        double[] labelX = new double[sorted.size()];
        int above = 0;
        int below = 0;
        for (int k = 0; k < sorted.size(); k++) {
            Point p = sorted.get(k);
            double x = left + (p.at() - from) * perMs;
            String when = relative((p.at() - origin) / 1000.0);
            double w = Math.max(p.label().length(), when.length()) * 8.2 + 12;
            double lx = Math.min(Math.max(x, w / 2 + 4), WIDTH - w / 2 - 4);
            int row = -1;
            for (int i = 0; i < rows.length; i++) {
                if (rowEnd[i] < lx - w / 2) {
                    row = i;
                    break;
                }
            }
            if (row < 0) {
                row = 0;
                for (int i = 1; i < rows.length; i++) {
                    row = rowEnd[i] < rowEnd[row] ? i : row;
                }
            }
            rowEnd[row] = lx + w / 2;
            placed[k] = rows[row];
            labelX[k] = lx;
            above = Math.max(above, -Math.min(0, rows[row]));
            below = Math.max(below, Math.max(0, rows[row]));
        }
        // as tall as the rows used: 40 a row, the scale under the axis, the legend at the bottom
        int axis = 30 + above * 40;
        int height = axis + 44 + below * 40 + (bands.isEmpty() ? 0 : 34);
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(description)).append("\"><title>").append(esc(description)).append("</title>");
        s.append("<line x1=\"").append(left - 20).append("\" y1=\"").append(axis).append("\" x2=\"").append(right + 20).append("\" y2=\"").append(axis)
                .append("\" class=\"axis\"/>");
        // the bands, at least 4 units wide so a short one is still seen
        for (Band b : bands) {
            double x1 = left + (b.from() - from) * perMs;
            double w = Math.max(4, (b.to() - b.from()) * perMs);
            s.append("<rect x=\"").append(num(x1)).append("\" y=\"").append(axis - 13).append("\" width=\"").append(num(w))
                    .append("\" height=\"26\" rx=\"4\" fill=\"").append(b.colour()).append("\" fill-opacity=\"0.28\" stroke=\"").append(b.colour())
                    .append("\"><title>").append(esc(b.legend())).append("</title></rect>");
        }
        // the scale: a tick every 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min... at most 8 of them
        double spanS = (t1 - t0) / 1000.0;
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400};
        long step = steps[steps.length - 1];
        for (long st : steps) {
            if (spanS / st <= 8) {
                step = st;
                break;
            }
        }
        long firstTick = (long) Math.ceil((t0 - origin) / 1000.0 / step) * step;
        for (long t = firstTick; origin + t * 1000 <= t1; t += step) {
            double x = left + (origin + t * 1000 - from) * perMs;
            s.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(axis + 13).append("\" x2=\"").append(num(x)).append("\" y2=\"")
                    .append(axis + 19).append("\" class=\"tick\"/><text x=\"").append(num(x)).append("\" y=\"").append(axis + 32)
                    .append("\" class=\"scale\" text-anchor=\"middle\">").append(esc(relative(t))).append("</text>");
        }
        for (int k = 0; k < sorted.size(); k++) {
            Point p = sorted.get(k);
            double x = left + (p.at() - from) * perMs;
            double lx = labelX[k];
            int level = placed[k];
            double ly = level < 0 ? axis - 44 - (-level - 1) * 40 : axis + 56 + (level - 1) * 40;
            double tipY = level < 0 ? ly + 20 : ly - 16;
            s.append("<g class=\"event\"><line x1=\"").append(num(x)).append("\" y1=\"").append(axis).append("\" x2=\"").append(num(lx))
                    .append("\" y2=\"").append(num(tipY)).append("\" stroke=\"").append(p.colour()).append("\" class=\"leader\"/>");
            s.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(axis).append("\" r=\"7\" fill=\"").append(p.colour())
                    .append("\" stroke=\"#fff\" stroke-width=\"2\"/>");
            s.append("<text x=\"").append(num(lx)).append("\" y=\"").append(num(ly)).append("\" text-anchor=\"middle\" class=\"label\">")
                    .append(esc(p.label())).append("</text>");
            s.append("<text x=\"").append(num(lx)).append("\" y=\"").append(num(ly + 16)).append("\" text-anchor=\"middle\" class=\"when\">")
                    .append(esc(relative((p.at() - origin) / 1000.0))).append("</text></g>");
        }
        // the legend of the bands
        double lx = left - 20;
        for (Band b : bands) {
            s.append("<rect x=\"").append(num(lx)).append("\" y=\"").append(height - 22).append("\" width=\"14\" height=\"14\" rx=\"3\" fill=\"")
                    .append(b.colour()).append("\" fill-opacity=\"0.5\"/><text x=\"").append(num(lx + 20)).append("\" y=\"").append(height - 10)
                    .append("\" class=\"legend\">").append(esc(b.legend())).append("</text>");
            lx += 40 + b.legend().length() * 7.6;
        }
        return s.append("</svg>").toString();
    }

    /** "+12.5 s", "-3 s", "+2 min 5 s" from the origin. */
    static String relative(double seconds) {
        String sign = seconds < 0 ? "\u2212" : "+";
        double a = Math.abs(seconds);
        if (a < 60) {
            return sign + DrillRecord.seconds(Math.round(a * 10) / 10.0) + " s";
        }
        long whole = Math.round(a);
        return sign + whole / 60 + " min" + (whole % 60 == 0 ? "" : " " + whole % 60 + " s");
    }

    /** Horizontal bars, one a row: the label on the left, the bar, its text after it. */
    static String bars(List<Bar> bars, String colour, String description) {
        int labelWidth = 300;
        int rowHeight = 34;
        int height = bars.size() * rowHeight + 8;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double room = WIDTH - labelWidth - 230;
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart bars\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(description)).append("\"><title>").append(esc(description)).append("</title>");
        int y = 4;
        for (Bar b : bars) {
            double w = max <= 0 ? 0 : Math.max(b.value() > 0 ? 3 : 0, b.value() / max * room);
            s.append("<g class=\"bar\"><title>").append(esc(b.title())).append("</title>");
            s.append("<text x=\"").append(labelWidth - 12).append("\" y=\"").append(y + 22).append("\" text-anchor=\"end\" class=\"label\">")
                    .append(esc(cut(b.label(), 34))).append("</text>");
            s.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 5).append("\" width=\"").append(num(room))
                    .append("\" height=\"22\" rx=\"4\" class=\"track\"/>");
            if (w > 0) {
                s.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 5).append("\" width=\"").append(num(w))
                        .append("\" height=\"22\" rx=\"4\" fill=\"").append(colour).append("\"/>");
            }
            s.append("<text x=\"").append(num(labelWidth + room + 12)).append("\" y=\"").append(y + 22).append("\" class=\"value\">")
                    .append(esc(b.text())).append("</text></g>");
            y += rowHeight;
        }
        return s.append("</svg>").toString();
    }

    /** One bar cut into the steps, in their colours, each long enough labelled with its seconds. */
    static String stacked(List<Bar> steps, String description) {
        int height = 64;
        double total = steps.stream().mapToDouble(Bar::value).sum();
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart stacked\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(esc(description)).append("\"><title>").append(esc(description)).append("</title>");
        double x = 0;
        for (int i = 0; i < steps.size(); i++) {
            Bar b = steps.get(i);
            double w = total <= 0 ? WIDTH / (double) steps.size() : b.value() / total * WIDTH;
            String colour = STEP_COLOURS.get(i % STEP_COLOURS.size());
            s.append("<g class=\"step\"><title>").append(esc(b.title())).append("</title><rect x=\"").append(num(x))
                    .append("\" y=\"8\" width=\"").append(num(Math.max(w - 2, 1))).append("\" height=\"48\" rx=\"5\" fill=\"").append(colour).append("\"/>");
            if (w > b.text().length() * 9 + 12) {
                s.append("<text x=\"").append(num(x + w / 2)).append("\" y=\"38\" text-anchor=\"middle\" class=\"inbar\">").append(esc(b.text()))
                        .append("</text>");
            }
            s.append("</g>");
            x += w;
        }
        return s.append("</svg>").toString();
    }
}
