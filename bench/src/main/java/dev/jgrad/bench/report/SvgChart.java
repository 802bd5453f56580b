package dev.jgrad.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A hand-written SVG line chart with logarithmic axes (sizes span 64…2048 or 1K…16M, throughputs span
 * decades), one polyline with point markers per series and a legend on the right. No dependencies.
 *
 * <pre>{@code
 * SvgChart c = new SvgChart("GEMM", "n", "GFLOP/s");
 * c.series("jgrad-cpu F32", "#1f77b4", "").add(256, 41.2).add(1024, 60.3);
 * Files.writeString(path, c.toSvg());
 * }</pre>
 */
public final class SvgChart {
    /** Colour-blind-friendly palette (Okabe–Ito plus greys). */
    public static final String[] PALETTE = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999", "#F0E442",
    };

    private static final int W = 860;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean binaryX = true;

    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** One line: {@code dash} is an SVG stroke-dasharray ("" for solid). */
    public static final class Series {
        final String name;
        final String color;
        final String dash;
        final List<double[]> points = new ArrayList<>();

        Series(String name, String color, String dash) {
            this.name = name;
            this.color = color;
            this.dash = dash;
        }

        /** Adds a point; non-positive or non-finite values are skipped (they have no place on a log axis). */
        public Series add(double x, double y) {
            if (x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y)) {
                points.add(new double[] {x, y});
                points.sort((a, b) -> Double.compare(a[0], b[0]));
            }
            return this;
        }
    }

    public Series series(String name, String color, String dash) {
        Series s = new Series(name, color, dash);
        series.add(s);
        return s;
    }

    /** Whether x tick labels use K/M for multiples of 1024 (element counts) or plain numbers (matrix sizes). */
    public SvgChart binaryX(boolean on) {
        binaryX = on;
        return this;
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.points.isEmpty());
    }

    public String toSvg() {
        TreeSet<Double> xs = new TreeSet<>();
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points) {
                xs.add(p[0]);
                yMin = Math.min(yMin, p[1]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        b.append(text(W / 2.0, 22, "middle", 15, esc(title)));
        if (xs.isEmpty()) {
            b.append(text(W / 2.0, H / 2.0, "middle", 13, "no data")).append("</svg>\n");
            return b.toString();
        }
        double xLo = Math.log(xs.first());
        double xHi = Math.log(xs.last());
        if (xHi - xLo < 1e-9) {
            xLo -= 0.5;
            xHi += 0.5;
        }
        double yLo = Math.floor(Math.log10(yMin));
        double yHi = Math.ceil(Math.log10(yMax));
        if (yHi - yLo < 1) {
            yHi = yLo + 1;
        }
        Axis ax = new Axis(xLo, xHi, yLo, yHi);
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        // y grid: 1, 2, 5 per decade
        for (int e = (int) yLo; e <= (int) yHi; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, e);
                if (Math.log10(v) > yHi + 1e-9) {
                    continue;
                }
                double y = ax.y(v);
                b.append(line(LEFT, y, LEFT + plotW, y, m == 1 ? "#ccc" : "#eee"));
                b.append(text(LEFT - 6, y + 4, "end", 11, fmt(v)));
            }
        }
        for (double x : xs) {
            double px = ax.x(x);
            b.append(line(px, TOP, px, TOP + plotH, "#eee"));
            b.append(text(px, TOP + plotH + 16, "middle", 11, binaryX ? size(x) : Long.toString(Math.round(x))));
        }
        b.append(text(LEFT + plotW / 2.0, H - 18, "middle", 13, esc(xLabel)));
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\""
                + " transform=\"rotate(-90 16 %.1f)\">%s</text>%n", TOP + plotH / 2.0, TOP + plotH / 2.0,
                esc(yLabel)));
        int legendY = TOP + 6;
        for (Series s : series) {
            if (s.points.isEmpty()) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.points) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ax.x(p[0]), ax.y(p[1])));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>%n", pts.toString().trim(), s.color, dashAttr(s.dash)));
            for (double[] p : s.points) {
                b.append(marker(ax.x(p[0]), ax.y(p[1]), s));
            }
            int lx = LEFT + plotW + 14;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>%n", lx, legendY, lx + 28, legendY, s.color, dashAttr(s.dash)));
            b.append(marker(lx + 14, legendY, s));
            b.append(text(lx + 34, legendY + 4, "start", 11, esc(s.name)));
            legendY += 18;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static final class Axis {
        final double xLo;
        final double xHi;
        final double yLo;
        final double yHi;

        Axis(double xLo, double xHi, double yLo, double yHi) {
            this.xLo = xLo;
            this.xHi = xHi;
            this.yLo = yLo;
            this.yHi = yHi;
        }

        double x(double v) {
            double pad = 12;
            return LEFT + pad + (Math.log(v) - xLo) / (xHi - xLo) * (W - LEFT - RIGHT - 2 * pad);
        }

        double y(double v) {
            return TOP + (yHi - Math.log10(v)) / (yHi - yLo) * (H - TOP - BOTTOM);
        }
    }

    /** Circles for solid lines, squares for dashed ones: series stay apart even where a line is one point. */
    private static String marker(double x, double y, Series s) {
        if (s.dash == null || s.dash.isEmpty()) {
            return String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n", x, y,
                    s.color);
        }
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"white\""
                + " stroke=\"%s\" stroke-width=\"1.5\"/>%n", x - 3.5, y - 3.5, s.color);
    }

    private static String dashAttr(String dash) {
        return dash == null || dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                x1, y1, x2, y2, color);
    }

    private static String text(double x, double y, String anchor, int size, String body) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, body);
    }

    /** 1024 → 1K, 16777216 → 16M; other values as they are. */
    static String size(double v) {
        long n = Math.round(v);
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "M";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "K";
        }
        return Long.toString(n);
    }

    /** Tick labels: 1000, 50, 0.2, 0.05 (no exponent, no trailing zeros). */
    static String fmt(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
