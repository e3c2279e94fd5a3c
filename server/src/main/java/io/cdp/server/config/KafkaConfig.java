package io.cdp.server.config;

import static java.util.Objects.requireNonNullElse;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.Map;

/**
 * Kafka connection and topic names. Topic names are configurable so that tests (and several
 * pipelines on one cluster) can use their own. A setting that is absent takes its default.
 *
 * @param bootstrapServers the brokers, {@code host:port,...}
 * @param topics           the pipeline's topics
 * @param properties       extra client properties passed as they are to every producer and consumer
 */
public record KafkaConfig(@NotEmpty String bootstrapServers, @Valid Topics topics, Map<String, String> properties) {

    public KafkaConfig {
        bootstrapServers = requireNonNullElse(bootstrapServers, "127.0.0.1:19092");
        topics = requireNonNullElse(topics, new Topics());
        properties = requireNonNullElse(properties, Map.of());
    }

    /** Every setting at its default: the local broker of {@code cdp dev up}. */
    public KafkaConfig() {
        this(null, null, null);
    }

    /** The four topics of the pipeline. */
    public record Topics(@NotEmpty String ingest, @NotEmpty String processed, @NotEmpty String dlq,
                         @NotEmpty String retry) {

        public Topics {
            ingest = requireNonNullElse(ingest, "events.ingest");
            processed = requireNonNullElse(processed, "events.processed");
            dlq = requireNonNullElse(dlq, "events.dlq");
            retry = requireNonNullElse(retry, "events.retry");
        }

        /** The default names, {@code events.*}. */
        public Topics() {
            this(null, null, null, null);
        }
    }
}
