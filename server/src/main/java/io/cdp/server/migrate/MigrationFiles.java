package io.cdp.server.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Creates the next pair of migration files, {@code V{n}__name.sql} and {@code U{n}__name.sql},
 * for {@code cdp migrate new NAME}; n is one more than the highest version in the folder.
 */
public final class MigrationFiles {
    private MigrationFiles() {
    }

    /** The two files created. */
    public record Pair(Path apply, Path undo) {
    }

    /**
     * Creates the pair in the target's folder under {@code root} ({@code root/migrations} or
     * {@code root/clickhouse}, created when missing). {@code name} may use letters, digits,
     * spaces, dashes and underscores; it is written in snake case.
     */
    public static Pair create(MigrationTarget target, Path root, String name) {
        Path folder = root.resolve(target.details().folder());
        String snake = name.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        if (!snake.matches("[a-z0-9_]+") || snake.matches("_*")) {
            throw new MigrationException("migration name '" + name + "' must use letters, digits, spaces, '-' or '_'"
                    + " (e.g. add_orders_table)", null);
        }
        int next = ScriptSource.directory(root).scripts(target).stream().mapToInt(MigrationScript::version).max().orElse(0) + 1;
        Path apply = folder.resolve("V" + next + "__" + snake + ".sql");
        Path undo = folder.resolve("U" + next + "__" + snake + ".sql");
        try {
            Files.createDirectories(folder);
            Files.writeString(apply, String.join("\n", applyTemplate(target, next)), StandardCharsets.UTF_8);
            Files.writeString(undo, String.join("\n", undoTemplate(target, next)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write migration files in " + folder, e);
        }
        return new Pair(apply, undo);
    }

    private static List<String> applyTemplate(MigrationTarget target, int version) {
        if (target == MigrationTarget.CLICKHOUSE) {
            return List.of(
                    "-- V" + version + ": say why this change is needed.",
                    "-- One statement per ';'. ClickHouse DDL is not transactional: keep the file re-runnable",
                    "-- (IF NOT EXISTS). Placeholders: ${DATETIME}, ${NULLABLE_DATETIME}, ${LOW_CARDINALITY_STRING},",
                    "-- ${BOOL} (docs/migrations.md).",
                    "",
                    "");
        }
        return List.of(
                "-- V" + version + ": say why this change is needed. Runs in one transaction.",
                "",
                "");
    }

    private static List<String> undoTemplate(MigrationTarget target, int version) {
        return List.of(
                "-- U" + version + ": undoes V" + version + " exactly (cdp migrate down runs it" + (target != MigrationTarget.CLICKHOUSE
                        ? ", in one transaction with the history update)." : ")."),
                "",
                "");
    }
}
