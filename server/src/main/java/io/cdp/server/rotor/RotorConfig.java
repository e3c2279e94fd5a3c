package io.cdp.server.rotor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.RuntimeConfig;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code rotor} section of the configuration: the function runtime's limits (time,
 * statements, memory, contexts), the fetch
 * allow-list, the IP policy, the geo database, and how retries back off. Validated at start-up.
 */
public class RotorConfig {
    /** What happens to {@code context.ip} before functions see the event and before it is stored. */
    public enum IpPolicy {
        /** Leave the address as it came. */
        @JsonProperty("keep") KEEP,
        /** Zero the last octet of IPv4 (1.2.3.4 becomes 1.2.3.0) and the last 80 bits of IPv6. */
        @JsonProperty("reduce") REDUCE,
        /** Delete it. */
        @JsonProperty("remove") REMOVE
    }

    /** Kafka consumer group of all rotor processes (they share the partitions). */
    @NotEmpty
    @JsonProperty
    private String consumerGroup = "cdp-rotor";

    /** Function contexts, and so functions running at once, per process. */
    @Min(1)
    @Max(256)
    @JsonProperty
    private int poolSize = RuntimeConfig.DEFAULT_POOL_SIZE;

    /**
     * Function contexts kept open per process, idle ones included. A context runs the functions of
     * one workspace only (isolation), so this is how many workspaces stay warm; at least poolSize.
     */
    @Min(1)
    @Max(4096)
    @JsonProperty
    private int maxContexts = RuntimeConfig.DEFAULT_MAX_CONTEXTS;

    /**
     * The functions' memory limit: when a garbage collection leaves the heap fuller than this
     * (percent of -Xmx), the running call that allocated the most is stopped (0 = off).
     */
    @Min(0)
    @Max(99)
    @JsonProperty
    private int heapLimitPercent = RuntimeConfig.DEFAULT_HEAP_LIMIT_PERCENT;

    /** Wall-clock limit of one function call (fetch and store waits included). */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration timeLimit = Duration.seconds(5);

    /** JavaScript statements one call may run (0 = no limit). */
    @Min(0)
    @JsonProperty
    private long statementLimit = RuntimeConfig.DEFAULT_STATEMENT_LIMIT;

    @NotNull
    @JsonProperty
    private IpPolicy ipPolicy = IpPolicy.KEEP;

    /** Passes through events.retry before an event that keeps asking for retries is dead-lettered. */
    @Min(0)
    @JsonProperty
    private int maxRetries = 5;

    /** Wait before the first retry; doubled for each further one, up to maxRetryBackoff. */
    @NotNull
    @JsonProperty
    private Duration retryBackoff = Duration.seconds(10);

    @NotNull
    @JsonProperty
    private Duration maxRetryBackoff = Duration.minutes(10);

    /** How long a source's function chain is cached before a deploy is seen. */
    @NotNull
    @JsonProperty
    private Duration chainCacheTtl = Duration.seconds(5);

    /** Entries kept per function in its recent log (Redis list). */
    @Min(1)
    @JsonProperty
    private int logsPerFunction = 1000;

    @Valid
    @NotNull
    @JsonProperty
    private Fetch fetch = new Fetch();

    /**
     * A MaxMind-format City or Country database (.mmdb: GeoLite2-City, GeoIP2-City, ...) for
     * {@code ctx.geo}; empty or null (what an unset {@code CDP_GEO_DATABASE} gives): no geo. A file
     * that is missing or not such a database stops start-up.
     */
    @JsonProperty
    private String geoDatabase;

    /** ctx.fetch: hosts functions may reach and the timeout of one request. */
    public static class Fetch {
        /** Hosts, {@code *.example.com} for subdomains, {@code *} for any (trusted setups only). */
        @NotNull
        @JsonProperty
        private List<String> allowedHosts = new ArrayList<>();

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
        @JsonProperty
        private Duration timeout = Duration.seconds(2);

        /** A response body larger than this fails the fetch (it is not read past the limit). */
        @NotNull
        @MinDataSize(1)
        @JsonProperty
        private DataSize maxResponseSize = DataSize.bytes(FetchPolicy.DEFAULT_MAX_RESPONSE_BYTES);

        public FetchPolicy policy() {
            return new FetchPolicy(allowedHosts, java.time.Duration.ofMillis(timeout.toMilliseconds()),
                    maxResponseSize.toBytes());
        }
    }

    /** The function runtime's configuration. */
    public RuntimeConfig runtime() {
        return new RuntimeConfig(poolSize, java.time.Duration.ofMillis(timeLimit.toMilliseconds()), statementLimit,
                fetch.policy()).withMaxContexts(Math.max(poolSize, maxContexts)).withHeapLimitPercent(heapLimitPercent);
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public int poolSize() {
        return poolSize;
    }

    public IpPolicy ipPolicy() {
        return ipPolicy;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public java.time.Duration retryBackoff() {
        return java.time.Duration.ofMillis(retryBackoff.toMilliseconds());
    }

    public java.time.Duration maxRetryBackoff() {
        return java.time.Duration.ofMillis(maxRetryBackoff.toMilliseconds());
    }

    public java.time.Duration chainCacheTtl() {
        return java.time.Duration.ofMillis(chainCacheTtl.toMilliseconds());
    }

    public int logsPerFunction() {
        return logsPerFunction;
    }

    /** The geo database's path, when one is configured. */
    public Optional<Path> geoDatabase() {
        return geoDatabase == null || geoDatabase.isBlank() ? Optional.empty() : Optional.of(Path.of(geoDatabase.trim()));
    }
}
