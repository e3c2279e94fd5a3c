package io.cdp.cli.command;

import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --since TIME --until TIME} as a picocli {@code @Mixin}: a half-open window of UTC times. */
public class TimeWindow {
    @Option(names = "--since", paramLabel = "TIME", description = "Only from TIME on, in UTC: 2026-12-01T00:00:00Z.")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only before TIME, in UTC.")
    Instant until;

    /** True when either end is set. */
    public boolean any() {
        return since != null || until != null;
    }

    /** The start as ISO-8601 text, null when open. */
    public String sinceText() {
        return since == null ? null : since.toString();
    }

    /** The end as ISO-8601 text, null when open. */
    public String untilText() {
        return until == null ? null : until.toString();
    }
}
