package dev.jgrad.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Training loss against step for one or more runs, on a log scale (losses fall over decades), with
 * axes, decade grid lines and a legend.
 *
 * <pre>{@code
 * BufferedImage img = LossCurvePng.render("spiral: training loss", List.of(reluLog, zeroLog), 640, 400);
 * Png.write(Path.of("demo-out/spiral-loss.png"), img);
 * }</pre>
 */
final class LossCurvePng {
    static final Color[] LINE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD)};
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 32;
    private static final int BOTTOM = 44;

    private LossCurvePng() {
    }

    static BufferedImage render(String title, List<TrainingLog> runs, int width, int height) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("LossCurvePng.render: no runs to plot");
        }
        if (width <= LEFT + RIGHT + 10 || height <= TOP + BOTTOM + 10) {
            throw new IllegalArgumentException("LossCurvePng.render: " + width + "x" + height + " is too small");
        }
        int maxStep = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TrainingLog run : runs) {
            maxStep = Math.max(maxStep, run.steps());
            for (double l : run.loss()) {
                if (l > 0 && Double.isFinite(l)) {
                    lo = Math.min(lo, l);
                    hi = Math.max(hi, l);
                }
            }
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("LossCurvePng.render: no positive finite loss to plot on a log scale");
        }
        Axes axes = new Axes(maxStep, Math.floor(Math.log10(lo)), Math.max(Math.ceil(Math.log10(hi)),
                Math.floor(Math.log10(lo)) + 1), width, height);

        BufferedImage img = Png.newImage(width, height);
        Graphics2D g = Png.graphics(img);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawGridAndAxes(g, axes);
        g.setColor(Color.BLACK);
        Png.text(g, title, LEFT, TOP - 12);

        g.setStroke(new BasicStroke(1.6f));
        for (int r = 0; r < runs.size(); r++) {
            TrainingLog run = runs.get(r);
            Path2D.Double line = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < run.at().length; i++) {
                double l = run.loss()[i];
                if (!(l > 0 && Double.isFinite(l))) {
                    started = false;   // a gap, not a dive to the bottom
                    continue;
                }
                double px = axes.px(run.at()[i]);
                double py = axes.py(l);
                if (started) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    started = true;
                }
            }
            g.setColor(LINE[r % LINE.length]);
            g.draw(line);
        }
        drawLegend(g, runs, width);
        g.dispose();
        return img;
    }

    static void write(Path file, String title, List<TrainingLog> runs, int width, int height) {
        Png.write(file, render(title, runs, width, height));
    }

    private static void drawGridAndAxes(Graphics2D g, Axes a) {
        Color grid = new Color(0xE3E3E3);
        for (int decade = (int) a.logLo; decade <= (int) a.logHi; decade++) {
            for (int m = 1; m <= 9; m++) {
                double v = m * Math.pow(10, decade);
                if (Math.log10(v) > a.logHi + 1e-9) {
                    break;
                }
                int y = (int) Math.round(a.py(v));
                g.setColor(m == 1 ? new Color(0xBDBDBD) : grid);
                g.drawLine(LEFT, y, a.width - RIGHT, y);
                if (m == 1) {
                    g.setColor(Color.BLACK);
                    String label = decade >= -3 && decade <= 3 ? trim(v) : "1e" + decade;
                    Png.text(g, label, LEFT - 6 - Png.textWidth(g, label), y + 4);
                }
            }
        }
        int stepTick = niceTick(a.maxStep / 5.0);
        for (int s = 0; s <= a.maxStep; s += stepTick) {
            int x = (int) Math.round(a.px(s));
            g.setColor(grid);
            g.drawLine(x, TOP, x, a.height - BOTTOM);
            g.setColor(Color.BLACK);
            String label = Integer.toString(s);
            Png.text(g, label, x - Png.textWidth(g, label) / 2, a.height - BOTTOM + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, a.width - LEFT - RIGHT, a.height - TOP - BOTTOM);
        Png.text(g, "step", (LEFT + a.width - RIGHT) / 2 - 12, a.height - 8);
        Png.text(g, "loss", 8, TOP + 14);
    }

    private static void drawLegend(Graphics2D g, List<TrainingLog> runs, int width) {
        int textWidth = 0;
        for (TrainingLog run : runs) {
            textWidth = Math.max(textWidth, Png.textWidth(g, run.label()));
        }
        int x = width - RIGHT - textWidth - 40;
        int y = TOP + 10;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x - 6, y - 4, textWidth + 40, 18 * runs.size() + 4);
        for (int r = 0; r < runs.size(); r++) {
            int yy = y + 18 * r + 8;
            g.setColor(LINE[r % LINE.length]);
            g.drawLine(x, yy, x + 22, yy);
            g.setColor(Color.BLACK);
            Png.text(g, runs.get(r).label(), x + 28, yy + 4);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static int niceTick(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return (int) Math.max(1, m * p);
            }
        }
        return (int) (10 * p);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Data → pixel mapping: x linear in step, y linear in log10(loss). */
    private record Axes(int maxStep, double logLo, double logHi, int width, int height) {
        double px(double step) {
            return LEFT + step * (width - LEFT - RIGHT) / maxStep;
        }

        double py(double loss) {
            double f = (Math.log10(loss) - logLo) / (logHi - logLo);
            return height - BOTTOM - f * (height - TOP - BOTTOM);
        }
    }
}
