package io.cdp.server.rotor;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.call.RuntimeConfig;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code rotor} section of the configuration: the function runtime's limits (time,
 * statements, memory, contexts), the fetch allow-list, the IP policy, the geo database, and how retries back off. Validated at start-up;
 * a setting that is absent takes its default.
 *
 * @param consumerGroup   Kafka consumer group of all rotor processes (they share the partitions)
 * @param poolSize        worker threads of the rotor, each running one event at a time (events of one
 *                        key, anonymous_id or user id, always on the same thread, in order), and so
 *                        functions running at once and contexts in use, per process
 * @param maxContexts     function contexts kept open per process, idle ones included; a context runs
 *                        the functions of one workspace only (isolation), so this is how many
 *                        workspaces stay warm; at least {@code poolSize}
 * @param heapLimitPercent the functions' memory limit: when a garbage collection leaves the heap
 *                        fuller than this (percent of -Xmx), the running call that allocated the
 *                        most is stopped (0 = off)
 * @param timeLimit       wall-clock limit of one function call (fetch and store waits included)
 * @param statementLimit  JavaScript statements one call may run (0 = no limit)
 * @param ipPolicy        what happens to {@code context.ip} before functions see the event
 * @param maxRetries      passes through events.retry before an event that keeps asking for retries
 *                        is dead-lettered
 * @param retryBackoff    wait before the first retry; doubled for each further one, up to
 *                        {@code maxRetryBackoff}
 * @param maxRetryBackoff longest wait before a retry
 * @param chainCacheTtl   how long a source's function chain is cached before a deploy is seen
 * @param logsPerFunction entries kept per function in its recent log (Redis list)
 * @param fetch           what {@code ctx.fetch} may reach
 * @param geoDatabase     a MaxMind-format City or Country database (.mmdb: GeoLite2-City,
 *                        GeoIP2-City, ...) for {@code ctx.geo}; empty or null (what an unset
 *                        {@code CDP_GEO_DATABASE} gives): no geo. A file that is missing or not such
 *                        a database stops start-up.
 * @param maxPollRecords  records one poll of events.ingest / events.retry returns at most
 * @param maxInFlight     records read and not yet committed at most; past it the rotor stops
 *                        reading until the workers caught up to half of it
 * @param commitInterval  how often the offsets of processed records (every output acknowledged) are
 *                        committed while events flow
 * @param drainTimeout    when partitions are handed to another rotor, or on shutdown, longest wait
 *                        for the events being processed before committing what is safe
 */
public record RotorConfig(
        @NotEmpty String consumerGroup,
        @Min(1) @Max(256) Integer poolSize,
        @Min(1) @Max(4096) Integer maxContexts,
        @Min(0) @Max(99) Integer heapLimitPercent,
        @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) Duration timeLimit,
        @Min(0) Long statementLimit,
        IpPolicy ipPolicy,
        @Min(0) Integer maxRetries,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration chainCacheTtl,
        @Min(1) Integer logsPerFunction,
        @Valid Fetch fetch,
        String geoDatabase,
        @Min(1) @Max(100_000) Integer maxPollRecords,
        @Min(1) Integer maxInFlight,
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS) Duration commitInterval,
        Duration drainTimeout) {

    /** What happens to {@code context.ip} before functions see the event and before it is stored. */
    public enum IpPolicy {
        /** Leave the address as it came. */
        @JsonProperty("keep") KEEP,
        /** Zero the last octet of IPv4 (1.2.3.4 becomes 1.2.3.0) and the last 80 bits of IPv6. */
        @JsonProperty("reduce") REDUCE,
        /** Delete it. */
        @JsonProperty("remove") REMOVE
    }

    public RotorConfig {
        consumerGroup = requireNonNullElse(consumerGroup, "cdp-rotor");
        poolSize = requireNonNullElse(poolSize, RuntimeConfig.DEFAULT_POOL_SIZE);
        maxContexts = requireNonNullElse(maxContexts, RuntimeConfig.DEFAULT_MAX_CONTEXTS);
        heapLimitPercent = requireNonNullElse(heapLimitPercent, RuntimeConfig.DEFAULT_HEAP_LIMIT_PERCENT);
        timeLimit = requireNonNullElse(timeLimit, Duration.seconds(5));
        statementLimit = requireNonNullElse(statementLimit, RuntimeConfig.DEFAULT_STATEMENT_LIMIT);
        ipPolicy = requireNonNullElse(ipPolicy, IpPolicy.KEEP);
        maxRetries = requireNonNullElse(maxRetries, 5);
        retryBackoff = requireNonNullElse(retryBackoff, Duration.seconds(10));
        maxRetryBackoff = requireNonNullElse(maxRetryBackoff, Duration.minutes(10));
        chainCacheTtl = requireNonNullElse(chainCacheTtl, Duration.seconds(5));
        logsPerFunction = requireNonNullElse(logsPerFunction, 1000);
        fetch = requireNonNullElse(fetch, new Fetch());
        geoDatabase = geoDatabase == null || geoDatabase.isBlank() ? null : geoDatabase.strip();
        maxPollRecords = requireNonNullElse(maxPollRecords, 2000);
        maxInFlight = requireNonNullElse(maxInFlight, 20_000);
        commitInterval = requireNonNullElse(commitInterval, Duration.milliseconds(200));
        drainTimeout = requireNonNullElse(drainTimeout, Duration.seconds(30));
    }

    public RotorConfig() {
        this(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * ctx.fetch: hosts functions may reach and the timeout of one request.
     *
     * @param allowedHosts hosts, {@code *.example.com} for subdomains, {@code *} for any (trusted
     *                     setups only)
     * @param timeout      time limit of one request
     * @param maxResponseSize a response body larger than this fails the fetch (it is not read past
     *                     the limit)
     */
    public record Fetch(List<String> allowedHosts,
                        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS) Duration timeout,
                        @MinDataSize(1) DataSize maxResponseSize) {

        public Fetch {
            allowedHosts = requireNonNullElse(allowedHosts, List.of());
            timeout = requireNonNullElse(timeout, Duration.seconds(2));
            // In MiB, as cdp.yml writes it: DataSize compares the unit too.
            maxResponseSize = requireNonNullElse(maxResponseSize,
                    DataSize.mebibytes(FetchPolicy.DEFAULT_MAX_RESPONSE_BYTES / (1024 * 1024)));
        }

        /** No host allowed. */
        public Fetch() {
            this(null, null, null);
        }

        public FetchPolicy policy() {
            return new FetchPolicy(allowedHosts, timeout.toJavaDuration(), maxResponseSize.toBytes());
        }
    }

    /** The function runtime's configuration. */
    public RuntimeConfig runtime() {
        return new RuntimeConfig(poolSize, timeLimit.toJavaDuration(), statementLimit, fetch.policy())
                .withMaxContexts(Math.max(poolSize, maxContexts)).withHeapLimitPercent(heapLimitPercent);
    }

    /** How the consumer loop runs: {@code poolSize} threads, and the flow limits above. */
    public RotorLoop.Settings loop() {
        return new RotorLoop.Settings(poolSize, maxInFlight, commitInterval.toJavaDuration(),
                drainTimeout.toJavaDuration());
    }

    /** The geo database's path, when one is configured. */
    public Optional<Path> geoDatabaseFile() {
        return Optional.ofNullable(geoDatabase).map(Path::of);
    }
}
