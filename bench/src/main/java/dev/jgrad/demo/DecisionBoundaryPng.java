package dev.jgrad.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A 2-D classifier's decision regions as a picture: every pixel is coloured by the class predicted at
 * its centre (pale), and the training points are drawn on top in the strong shade of their true class,
 * so misclassified points stand out against the region around them.
 *
 * <pre>{@code
 * BufferedImage img = DecisionBoundaryPng.render(net, xy, labels, 480, "spiral, 98.7%");
 * Png.write(Path.of("demo-out/spiral-boundary.png"), img);
 * }</pre>
 *
 * <p>The view is a square around the points with a 10% margin, y pointing up.
 */
final class DecisionBoundaryPng {
    /** Pale region colours of classes 0, 1, 2, ... (cycled beyond). */
    static final Color[] REGION = {new Color(0xF6C1BE), new Color(0xBFE5BF), new Color(0xBFD3F2),
        new Color(0xF2E2B3), new Color(0xDCC9EE)};
    /** Strong point colours, same order. */
    static final Color[] POINT = {new Color(0xD62728), new Color(0x2CA02C), new Color(0x1F77B4),
        new Color(0xDBA716), new Color(0x9467BD)};
    private static final int POINTS_PER_CALL = 32_768;   // bounds the classifier's batch (and its memory)

    private DecisionBoundaryPng() {
    }

    /**
     * @param classifier predicts the regions
     * @param xy         the training points, x0, y0, x1, y1, ...
     * @param labels     their true classes
     * @param size       width and height in pixels
     * @param caption    drawn in the top-left corner, or null
     */
    static BufferedImage render(PointClassifier classifier, float[] xy, int[] labels, int size, String caption) {
        if (xy.length != 2 * labels.length || labels.length == 0) {
            throw new IllegalArgumentException("DecisionBoundaryPng.render: need 2 coordinates per label, got "
                    + xy.length + " coordinates and " + labels.length + " labels");
        }
        BufferedImage img = Png.newImage(size, size);
        View view = View.around(xy);
        int rowsPerCall = Math.max(1, POINTS_PER_CALL / size);
        for (int row0 = 0; row0 < size; row0 += rowsPerCall) {
            int rows = Math.min(rowsPerCall, size - row0);
            float[] grid = new float[2 * rows * size];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < size; c++) {
                    int i = r * size + c;
                    grid[2 * i] = (float) view.x(c + 0.5, size);
                    grid[2 * i + 1] = (float) view.y(row0 + r + 0.5, size);
                }
            }
            int[] predicted = classifier.classify(grid);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < size; c++) {
                    img.setRGB(c, row0 + r, REGION[Math.floorMod(predicted[r * size + c], REGION.length)].getRGB());
                }
            }
        }
        Graphics2D g = Png.graphics(img);
        double radius = Math.max(2.0, size / 160.0);
        for (int i = 0; i < labels.length; i++) {
            double px = view.column(xy[2 * i], size);
            double py = view.row(xy[2 * i + 1], size);
            Ellipse2D dot = new Ellipse2D.Double(px - radius, py - radius, 2 * radius, 2 * radius);
            g.setColor(POINT[Math.floorMod(labels[i], POINT.length)]);
            g.fill(dot);
            g.setColor(Color.DARK_GRAY);
            g.draw(dot);
        }
        if (caption != null) {
            g.setColor(Color.BLACK);
            Png.text(g, caption, 8, 18);
        }
        g.dispose();
        return img;
    }

    static void write(Path file, PointClassifier classifier, float[] xy, int[] labels, int size, String caption) {
        Png.write(file, render(classifier, xy, labels, size, caption));
    }

    /** The square of the plane shown: centre (cx, cy), half side {@code half}. */
    private record View(double cx, double cy, double half) {
        static View around(float[] xy) {
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < xy.length; i += 2) {
                minX = Math.min(minX, xy[i]);
                maxX = Math.max(maxX, xy[i]);
                minY = Math.min(minY, xy[i + 1]);
                maxY = Math.max(maxY, xy[i + 1]);
            }
            double half = Math.max(Math.max(maxX - minX, maxY - minY) / 2 * 1.1, 1e-6);
            return new View((minX + maxX) / 2, (minY + maxY) / 2, half);
        }

        double x(double column, int size) {
            return cx - half + column * 2 * half / size;
        }

        double y(double row, int size) {
            return cy + half - row * 2 * half / size;
        }

        double column(double x, int size) {
            return (x - (cx - half)) * size / (2 * half);
        }

        double row(double y, int size) {
            return (cy + half - y) * size / (2 * half);
        }
    }
}
