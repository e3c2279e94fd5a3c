package io.cdp.server.ingest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.server.workspaces.Tier;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Settings of the ingest role (section {@code ingest} of cdp.yml; every value has an environment
 * variable, see docs/operations.md). Defaults are the seed's: 100 KB per event, 500 KB and 2,500
 * events per batch, late after 24 h, dedup for 24 h, the tier rate limits of the seed.
 */
public class IngestConfig {
    /** Largest event, in KiB ({@code PAYLOAD_LIMIT_KB}). */
    @Min(1)
    @JsonProperty
    private int payloadLimitKb = 100;

    /** Largest batch request body, in KiB. */
    @Min(1)
    @JsonProperty
    private int batchLimitKb = 500;

    /** Most events in one batch request (Segment's limit). */
    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int batchMaxEvents = 2500;

    /** An event sent longer than this before it arrived is refused with 422. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration lateEventWindow = Duration.hours(24);

    /** How long a messageId is remembered for deduplication. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration dedupTtl = Duration.hours(24);

    /** How long a process keeps a write-key lookup in memory (revocations arrive sooner by pub/sub). */
    @NotNull
    @JsonProperty
    private Duration keyCacheTtl = Duration.seconds(30);

    /** How long a write-key lookup stays in Redis for all processes. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration keyRedisTtl = Duration.seconds(60);

    /** Log the event body of accepted events ({@code LOG_PAYLOAD_ON_SUCCESS}). */
    @JsonProperty
    private boolean logPayloadOnSuccess = false;

    /** Log the event body of refused events ({@code LOG_PAYLOAD_ON_ERROR}). */
    @JsonProperty
    private boolean logPayloadOnError = true;

    /** Longest time a request may wait for Kafka to take an event before answering 503. */
    @NotNull
    @JsonProperty
    private Duration kafkaMaxBlock = Duration.seconds(5);

    /**
     * Load balancers and proxies whose {@code X-Forwarded-For} (or {@code X-Real-IP}) names the
     * client ({@link ClientAddress}): addresses and CIDR ranges, as a YAML list or one
     * comma-separated string ({@code CDP_INGEST_TRUSTED_PROXIES}). Empty: trust nobody, the TCP
     * peer is the client.
     */
    @NotNull
    @JsonProperty
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<String> trustedProxies = new ArrayList<>();

    @Valid
    @NotNull
    @JsonProperty
    private RateLimits rateLimits = new RateLimits();

    public int payloadLimitBytes() {
        return payloadLimitKb * 1024;
    }

    public int batchLimitBytes() {
        return batchLimitKb * 1024;
    }

    public int batchMaxEvents() {
        return batchMaxEvents;
    }

    public java.time.Duration lateEventWindow() {
        return lateEventWindow.toJavaDuration();
    }

    public java.time.Duration dedupTtl() {
        return dedupTtl.toJavaDuration();
    }

    public java.time.Duration keyCacheTtl() {
        return keyCacheTtl.toJavaDuration();
    }

    public java.time.Duration keyRedisTtl() {
        return keyRedisTtl.toJavaDuration();
    }

    public boolean logPayloadOnSuccess() {
        return logPayloadOnSuccess;
    }

    public boolean logPayloadOnError() {
        return logPayloadOnError;
    }

    public java.time.Duration kafkaMaxBlock() {
        return kafkaMaxBlock.toJavaDuration();
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    /**
     * The trusted proxies, parsed.
     *
     * @throws IllegalArgumentException naming an entry that is not an address or CIDR range
     */
    public TrustedProxies trustedProxies() {
        return TrustedProxies.parse(trustedProxies);
    }

    /**
     * Events per workspace: at most {@code burst} in any {@code window} (5 s in the seed, so the
     * per-second rate holds on average while short bursts pass) and {@code perDay} per UTC day.
     */
    public static class RateLimits {
        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.SECONDS)
        @JsonProperty
        private Duration window = Duration.seconds(5);

        @Valid
        @NotNull
        @JsonProperty("default")
        private Limit defaultTier = new Limit(500, 1_000_000);

        @Valid
        @NotNull
        @JsonProperty
        private Limit pro = new Limit(2500, 10_000_000);

        /** For enterprise workspaces without limits of their own in PostgreSQL. */
        @Valid
        @NotNull
        @JsonProperty
        private Limit enterprise = new Limit(12_500, 100_000_000);

        public java.time.Duration window() {
            return window.toJavaDuration();
        }

        public Limit of(Tier tier) {
            return switch (tier) {
                case DEFAULT -> defaultTier;
                case PRO -> pro;
                case ENTERPRISE -> enterprise;
            };
        }
    }

    /** One tier's limits. */
    public static class Limit {
        @Min(1)
        @JsonProperty
        private int burst;

        @Min(1)
        @JsonProperty
        private long perDay;

        public Limit() {
        }

        public Limit(int burst, long perDay) {
            this.burst = burst;
            this.perDay = perDay;
        }

        public int burst() {
            return burst;
        }

        public long perDay() {
            return perDay;
        }
    }
}
