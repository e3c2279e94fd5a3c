package io.cdp.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.PortRange;
import jakarta.validation.constraints.NotEmpty;

/** Where Redis runs (write-key cache, rate limits, dedup, function store). */
public class RedisConfig {
    @NotEmpty
    @JsonProperty
    private String host = "127.0.0.1";

    @PortRange
    @JsonProperty
    private int port = 16379;

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
