package io.cdp.server.config;

/**
 * The parts of the pipeline one server process can run. A laptop runs all of them in one
 * process; production scales each out on its own (ingest behind a load balancer, rotor and
 * bulker as Kafka consumer groups). Each role is wired by a class of the same shape, a static
 * {@code register} taking the configuration sections and shared services it needs:
 * {@code IngestRole}, {@code RotorRole}, {@code BulkerRole}, {@code ApiRole}.
 */
public enum Role {
    /** The Segment-compatible HTTP API that puts events on {@code events.ingest}. */
    INGEST,
    /** Runs user functions: {@code events.ingest}/{@code events.retry} to {@code events.processed}. */
    ROTOR,
    /** Writes {@code events.processed} in batches to ClickHouse and PostgreSQL. */
    BULKER,
    /** The management API under {@code /api/v1}, guarded by the admin token. */
    API
}
