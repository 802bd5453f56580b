package dev.jgrad.demo;

import java.util.List;
import java.util.Locale;

/**
 * The demo's closing table: task, device, steps, final loss, accuracy, time, steps/s.
 *
 * <pre>{@code
 * System.out.print(SummaryTable.format(results));
 * }</pre>
 */
final class SummaryTable {
    private static final String[] HEADERS = {"task", "device", "steps", "final loss", "accuracy", "time", "steps/s"};

    private SummaryTable() {
    }

    static String format(List<TaskResult> results) {
        String[][] cells = new String[results.size()][];
        for (int r = 0; r < cells.length; r++) {
            TaskResult t = results.get(r);
            TrainingLog log = t.log();
            cells[r] = new String[] {
                t.task(),
                t.device(),
                Integer.toString(log.steps()),
                String.format(Locale.ROOT, "%.4g", log.finalLoss()),
                Double.isNaN(t.accuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * t.accuracy()),
                String.format(Locale.ROOT, "%.2f s", log.seconds()),
                String.format(Locale.ROOT, "%.0f", log.stepsPerSecond()),
            };
        }
        int[] width = new int[HEADERS.length];
        for (int c = 0; c < HEADERS.length; c++) {
            width[c] = HEADERS[c].length();
            for (String[] row : cells) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, HEADERS, width);
        String[] rule = new String[HEADERS.length];
        for (int c = 0; c < rule.length; c++) {
            rule[c] = "-".repeat(width[c]);
        }
        appendRow(sb, rule, width);
        for (String[] row : cells) {
            appendRow(sb, row, width);
        }
        return sb.toString();
    }

    /** First column (the task name) left-aligned, the rest right-aligned, as numbers read best. */
    private static void appendRow(StringBuilder sb, String[] row, int[] width) {
        for (int c = 0; c < row.length; c++) {
            String pad = " ".repeat(width[c] - row[c].length());
            sb.append(c == 0 ? row[c] + pad : pad + row[c]).append(c == row.length - 1 ? "\n" : "  ");
        }
    }
}
