package dev.jgrad;

/**
 * The outcome of {@link GradCheck#check}: whether every element agreed within tolerance, the largest
 * absolute difference between autograd and finite differences, and a report naming the worst element.
 */
public record GradCheckResult(boolean passed, double maxAbsError, String report) {
}
