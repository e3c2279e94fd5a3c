package io.cdp.server.ingest.publish;

import static java.util.Objects.requireNonNullElse;

import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MinDataSize;
import java.nio.file.Path;

/**
 * Where and how large the ingest {@link Spool} is (section {@code ingest.spool} of cdp.yml).
 *
 * @param dir         the folder, one per server process ({@code CDP_INGEST_SPOOL_DIR}); relative
 *                    paths are relative to the working directory
 * @param maxSize     most disk it may take ({@code CDP_INGEST_SPOOL_MAX_SIZE}); when full, ingest
 *                    answers 503 rather than drop anything
 * @param segmentSize size of one file of it; a file is deleted once Kafka has all its records
 */
public record SpoolConfig(String dir, @MinDataSize(1) DataSize maxSize, @MinDataSize(4096) DataSize segmentSize) {
    public SpoolConfig {
        dir = dir == null || dir.isBlank() ? ".cdp/spool" : dir;
        maxSize = requireNonNullElse(maxSize, DataSize.gibibytes(1));
        segmentSize = requireNonNullElse(segmentSize, DataSize.mebibytes(16));
    }

    /** Every setting at its default. */
    public SpoolConfig() {
        this(null, null, null);
    }

    public Path path() {
        return Path.of(dir);
    }
}
