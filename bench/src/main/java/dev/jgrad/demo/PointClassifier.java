package dev.jgrad.demo;

/**
 * Something that assigns a class to 2-D points, e.g. a trained {@link SpiralNet}; what
 * {@link DecisionBoundaryPng} colours the plane with.
 *
 * <pre>{@code
 * PointClassifier leftRight = xy -> { int[] c = new int[xy.length / 2];
 *     for (int i = 0; i < c.length; i++) c[i] = xy[2 * i] < 0 ? 0 : 1;
 *     return c; };
 * }</pre>
 */
@FunctionalInterface
interface PointClassifier {
    /** Class ids of the points {@code (xy[2i], xy[2i+1])}. */
    int[] classify(float[] xy);
}
