package io.cdp.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka connection and topic names. Topic names are configurable so that tests (and several
 * pipelines on one cluster) can use their own.
 */
public class KafkaConfig {
    @NotEmpty
    @JsonProperty
    private String bootstrapServers = "127.0.0.1:19092";

    @Valid
    @NotNull
    @JsonProperty
    private Topics topics = new Topics();

    /** Extra client properties passed as they are to every producer and consumer. */
    @NotNull
    @JsonProperty
    private Map<String, String> properties = new HashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Topics topics() {
        return topics;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** The four topics of the pipeline. */
    public static class Topics {
        @NotEmpty
        @JsonProperty
        private String ingest = "events.ingest";
        @NotEmpty
        @JsonProperty
        private String processed = "events.processed";
        @NotEmpty
        @JsonProperty
        private String dlq = "events.dlq";
        @NotEmpty
        @JsonProperty
        private String retry = "events.retry";

        public String ingest() {
            return ingest;
        }

        public String processed() {
            return processed;
        }

        public String dlq() {
            return dlq;
        }

        public String retry() {
            return retry;
        }
    }
}
