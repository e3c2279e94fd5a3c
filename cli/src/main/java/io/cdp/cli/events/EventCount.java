package io.cdp.cli.events;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --count N} events, sent {@code --batch-size} to a {@code /v1/batch} request. A picocli
 * {@code @Mixin} of {@code cdp events send}, which reads its fields once {@link #validate()}
 * passed; not thread-safe.
 */
final class EventCount {
    /** The largest --batch-size: what a server with the default ingest.batchMaxEvents takes. */
    static final int MAX_BATCH_SIZE = 2500;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "How many events (default: 1).")
    int count;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "100",
            description = "Events per /v1/batch request when --count > 1 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** @throws ParameterException unless count is 1 or more and the batch size 1 to 2500 */
    void validate() {
        if (count < 1 || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ParameterException(command.commandLine(),
                    "--count must be at least 1 and --batch-size 1.." + MAX_BATCH_SIZE);
        }
    }
}
