package dev.jgrad.demo;

/**
 * One row of the demo's summary table.
 *
 * @param task     what was trained
 * @param device   where ("cpu", "cuda:0")
 * @param log      the run's steps, time and losses
 * @param accuracy training accuracy in [0, 1], or NaN where the task has none (regression)
 */
record TaskResult(String task, String device, TrainingLog log, double accuracy) {
}
