package io.cdp.server.ingest;

import io.cdp.server.ingest.address.TrustedProxies;
import io.cdp.server.ingest.address.ClientAddress;
import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.server.ingest.publish.DeliveryMode;
import io.cdp.server.ingest.publish.SpoolConfig;
import io.cdp.server.workspaces.Tier;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Settings of the ingest role (section {@code ingest} of cdp.yml; every value has an environment
 * variable, see docs/operations.md). Defaults are the seed's: 100 KB per event, 500 KB and 2,500
 * events per batch, late after 24 h, dedup for 24 h, the tier rate limits of the seed. A setting
 * that is absent (or empty) takes its default.
 *
 * @param payloadLimitKb      largest event, in KiB ({@code PAYLOAD_LIMIT_KB})
 * @param batchLimitKb        largest batch request body, in KiB
 * @param batchMaxEvents      most events in one batch request (Segment's limit)
 * @param lateEventWindow     an event sent longer than this before it arrived is refused with 422
 * @param dedupTtl            how long a messageId is remembered for deduplication
 * @param keyCacheTtl         how long a process keeps a write-key lookup in memory (revocations
 *                            arrive sooner by pub/sub)
 * @param keyRedisTtl         how long a write-key lookup stays in Redis for all processes
 * @param logPayloadOnSuccess log the event body of accepted events ({@code LOG_PAYLOAD_ON_SUCCESS})
 * @param logPayloadOnError   log the event body of refused events ({@code LOG_PAYLOAD_ON_ERROR})
 * @param kafkaMaxBlock       longest time a request may wait for its events to be taken (by the
 *                            producer, or the spool in durable delivery) before answering 503; in
 *                            buffered delivery also how long Kafka may leave sends unanswered before
 *                            ingest stops acknowledging ({@code CDP_INGEST_KAFKA_MAX_BLOCK})
 * @param delivery            when an event is acknowledged: {@code durable} (the default: once it
 *                            is fsync'd in the spool) or {@code buffered} (once the Kafka producer
 *                            has it in memory) ({@code CDP_INGEST_DELIVERY}); see {@link DeliveryMode}
 * @param spool               the local spool where acknowledged events wait while Kafka is away
 * @param trustedProxies      load balancers and proxies whose {@code X-Forwarded-For} (or
 *                            {@code X-Real-IP}) names the client ({@link ClientAddress}): addresses
 *                            and CIDR ranges, as a YAML list or one comma-separated string
 *                            ({@code CDP_INGEST_TRUSTED_PROXIES}), read by {@link TrustedProxies#parse}.
 *                            Empty: trust nobody, the TCP peer is the client.
 * @param rateLimits          events per workspace and tier
 */
public record IngestConfig(
        @Min(1) Integer payloadLimitKb,
        @Min(1) Integer batchLimitKb,
        @Min(1) @Max(100_000) Integer batchMaxEvents,
        @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration lateEventWindow,
        @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration dedupTtl,
        Duration keyCacheTtl,
        @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration keyRedisTtl,
        Boolean logPayloadOnSuccess,
        Boolean logPayloadOnError,
        Duration kafkaMaxBlock,
        DeliveryMode delivery,
        @Valid SpoolConfig spool,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> trustedProxies,
        @Valid RateLimits rateLimits) {

    public IngestConfig {
        payloadLimitKb = requireNonNullElse(payloadLimitKb, 100);
        batchLimitKb = requireNonNullElse(batchLimitKb, 500);
        batchMaxEvents = requireNonNullElse(batchMaxEvents, 2500);
        lateEventWindow = requireNonNullElse(lateEventWindow, Duration.hours(24));
        dedupTtl = requireNonNullElse(dedupTtl, Duration.hours(24));
        keyCacheTtl = requireNonNullElse(keyCacheTtl, Duration.seconds(30));
        keyRedisTtl = requireNonNullElse(keyRedisTtl, Duration.seconds(60));
        logPayloadOnSuccess = requireNonNullElse(logPayloadOnSuccess, false);
        logPayloadOnError = requireNonNullElse(logPayloadOnError, true);
        kafkaMaxBlock = requireNonNullElse(kafkaMaxBlock, Duration.seconds(5));
        delivery = requireNonNullElse(delivery, DeliveryMode.DURABLE);
        spool = requireNonNullElse(spool, new SpoolConfig());
        trustedProxies = requireNonNullElse(trustedProxies, List.of());
        rateLimits = requireNonNullElse(rateLimits, new RateLimits());
    }

    /** Every setting at its default. */
    public IngestConfig() {
        this(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public int payloadLimitBytes() {
        return payloadLimitKb * 1024;
    }

    public int batchLimitBytes() {
        return batchLimitKb * 1024;
    }

    /**
     * Events per workspace: at most {@code burst} in any {@code window} (5 s in the seed, so the
     * per-second rate holds on average while short bursts pass) and {@code perDay} per UTC day.
     *
     * @param window      the burst's window
     * @param defaultTier limits of default-tier workspaces (key {@code default})
     * @param pro         limits of pro workspaces
     * @param enterprise  limits of enterprise workspaces without limits of their own in PostgreSQL
     */
    public record RateLimits(
            @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration window,
            @Valid @JsonProperty("default") Limit defaultTier,
            @Valid Limit pro,
            @Valid Limit enterprise) {

        public RateLimits {
            window = requireNonNullElse(window, Duration.seconds(5));
            defaultTier = requireNonNullElse(defaultTier, new Limit(500, 1_000_000));
            pro = requireNonNullElse(pro, new Limit(2500, 10_000_000));
            enterprise = requireNonNullElse(enterprise, new Limit(12_500, 100_000_000));
        }

        /** The seed's limits. */
        public RateLimits() {
            this(null, null, null, null);
        }

        public Limit of(Tier tier) {
            return switch (tier) {
                case DEFAULT -> defaultTier;
                case PRO -> pro;
                case ENTERPRISE -> enterprise;
            };
        }
    }

    /**
     * One tier's limits; a tier that is given must give both.
     *
     * @param burst  events in one window
     * @param perDay events in one UTC day
     */
    public record Limit(@Min(1) int burst, @Min(1) long perDay) {
    }
}
