package io.cdp.cli.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A plain text table with aligned columns, for list commands. Not thread-safe. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... headings) {
        rows.add(headings);
    }

    public Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    /**
     * A row for each of {@code items}, in order, with the cells {@code cells} makes of it: the
     * list commands' tables, one line each.
     *
     * <pre>{@code
     * new Table("NAME", "ID").rows(answer.path("workspaces"),
     *         workspace -> new String[] {workspace.path("name").asText(), workspace.path("id").asText()}).print(out);
     * }</pre>
     */
    public <T> Table rows(Iterable<T> items, Function<T, String[]> cells) {
        items.forEach(item -> rows.add(cells.apply(item)));
        return this;
    }

    public void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(cell(row, i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - cell(row, i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static String cell(String[] row, int index) {
        return index < row.length && row[index] != null ? row[index] : "";
    }
}
