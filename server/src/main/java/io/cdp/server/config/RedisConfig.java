package io.cdp.server.config;

import static java.util.Objects.requireNonNullElse;

import io.dropwizard.validation.PortRange;
import jakarta.validation.constraints.NotEmpty;

/**
 * Where Redis runs (write-key cache, rate limits, dedup, function store). A setting that is
 * absent takes its default: the local Redis of {@code cdp dev up}.
 */
public record RedisConfig(@NotEmpty String host, @PortRange Integer port) {

    public RedisConfig {
        host = requireNonNullElse(host, "127.0.0.1");
        port = requireNonNullElse(port, 16379);
    }

    public RedisConfig() {
        this(null, null);
    }
}
