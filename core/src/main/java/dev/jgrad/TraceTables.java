package dev.jgrad;

import java.util.ArrayList;
import java.util.List;

/** Renders trace rows as an aligned text table or a Markdown table. */
final class TraceTables {
    private static final String[] HEADER = {"id", "node", "kind", "inputs", "shape", "forward value",
        "upstream ∂L/∂node", "downstream (per input)", "local gradient"};

    private TraceTables() {
    }

    private static List<String[]> cells(List<TraceRow> rows) {
        List<String[]> out = new ArrayList<>();
        for (TraceRow r : rows) {
            out.add(new String[] {Integer.toString(r.id()), r.op(), r.kind(), ids(r.inputs()),
                java.util.Arrays.toString(r.shape()), r.value(), r.upstream(), String.join("; ", r.downstream()),
                r.rule()});
        }
        return out;
    }

    private static String ids(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        return sb.toString();
    }

    static String text(List<TraceRow> rows) {
        List<String[]> cells = cells(rows);
        int[] width = new int[HEADER.length];
        for (int c = 0; c < HEADER.length; c++) {
            width[c] = HEADER[c].length();
            for (String[] row : cells) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, HEADER, width);
        for (String[] row : cells) {
            line(sb, row, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] row, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            l.append(c == 0 ? "" : "  ").append(row[c]).append(" ".repeat(width[c] - row[c].length()));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    static String markdown(List<TraceRow> rows) {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        sb.append("---|".repeat(HEADER.length)).append('\n');
        for (String[] row : cells(rows)) {
            sb.append("| ");
            for (int c = 0; c < row.length; c++) {
                sb.append(c == 0 ? "" : " | ").append(row[c].replace("|", "\\|"));
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }
}
