package io.cdp.cli.bench;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.clickhouse.ClickHouseSql;
import java.io.PrintWriter;

/**
 * Holds off ClickHouse's background merges of one scratch table while a phase is timed, and lets
 * them run between phases. Merging the parts each insert makes took 0.2-0.5 of ClickHouse's core
 * during inserts here, and started at moments that differed from phase to phase: the same raw
 * insert ran 113k rows/s in one phase and 133k in the next. Paused, every phase measures the
 * inserts alone; each phase's table is merged ({@code OPTIMIZE … FINAL}) before the next is
 * timed. A server that refuses (no {@code SYSTEM} privilege) is measured with its merges running,
 * and the summary says so.
 */
final class MergePause {
    private final ClickHouse clickHouse;
    private final PrintWriter progress;
    private String refused;

    MergePause(ClickHouse clickHouse, PrintWriter progress) {
        this.clickHouse = clickHouse;
        this.progress = progress;
    }

    void pause(String table) {
        if (refused == null) {
            run("SYSTEM STOP MERGES ", table);
        }
    }

    void resume(String table) {
        if (refused == null) {
            run("SYSTEM START MERGES ", table);
        }
    }

    /** For the summary: whether the timed phases ran with merges paused. */
    String description() {
        return refused == null ? "paused in the timed phases, run between them"
                : "running in the timed phases (the server refused to pause them: " + refused + ")";
    }

    private void run(String statement, String table) {
        try {
            clickHouse.execute(statement + ClickHouseSql.identifier(clickHouse.database()) + "."
                    + ClickHouseSql.identifier(table));
        } catch (ClickHouseAccessException e) {
            refused = e.getMessage();
            progress.printf("merges: not paused, ClickHouse refused: %s%n", refused);
        }
    }
}
