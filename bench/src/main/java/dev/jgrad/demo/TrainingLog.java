package dev.jgrad.demo;

/**
 * What a training run recorded: the loss at some steps (the loss curve) and the wall time.
 *
 * @param label   the run's name
 * @param steps   number of optimisation steps taken
 * @param seconds wall time of the loop
 * @param at      the steps whose loss was read (ascending; always includes the last step)
 * @param loss    the loss at those steps, computed before that step's update
 */
record TrainingLog(String label, int steps, double seconds, int[] at, double[] loss) {

    /** The loss of the last step. */
    double finalLoss() {
        return loss[loss.length - 1];
    }

    double stepsPerSecond() {
        return seconds > 0 ? steps / seconds : Double.POSITIVE_INFINITY;
    }

    /** The same log under another name (e.g. a longer one for a plot's legend). */
    TrainingLog withLabel(String newLabel) {
        return new TrainingLog(newLabel, steps, seconds, at, loss);
    }
}
