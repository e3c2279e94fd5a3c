package io.cdp.cli.bench;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.clickhouse.ClickHouseSql;
import java.io.PrintWriter;

/**
 * With {@code --pause-merges}, holds off ClickHouse's background merges of the table a phase
 * writes while the phase is timed ({@code SYSTEM STOP MERGES}), and lets them run after it. Off by
 * default: merging the parts each insert makes took 0.2-0.5 of ClickHouse's core during the raw
 * inserts here, and a rate measured without it is one ClickHouse cannot keep up (its parts pile
 * up until it delays inserts), while the bulker's larger batches leave fewer parts to merge. Paused,
 * a phase times ClickHouse's insert work alone, which varies less from phase to phase. A server
 * that refuses (no {@code SYSTEM} privilege) is measured with its merges running, and the summary
 * says so.
 */
final class MergePause {
    private final ClickHouse clickHouse;
    private final PrintWriter progress;
    private final boolean enabled;
    private String refused;

    MergePause(ClickHouse clickHouse, PrintWriter progress, boolean enabled) {
        this.clickHouse = clickHouse;
        this.progress = progress;
        this.enabled = enabled;
    }

    void pause(String table) {
        if (enabled && refused == null) {
            run("SYSTEM STOP MERGES ", table);
        }
    }

    void resume(String table) {
        if (enabled && refused == null) {
            run("SYSTEM START MERGES ", table);
        }
    }

    /** For the summary: whether the timed phases ran with merges paused. */
    String description() {
        if (!enabled) {
            return "running in the timed phases, as in production (--pause-merges times inserts alone)";
        }
        return refused == null ? "paused in the timed phases, run between them"
                : "running in the timed phases: the server refused to pause them (" + refused + ")";
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
