package io.cdp.server.config;

import static java.util.Objects.requireNonNullElse;

import jakarta.validation.constraints.NotEmpty;

/**
 * The ClickHouse HTTP endpoint the bulker writes to and `cdp migrate` migrates. A setting that is
 * absent takes its default: the local ClickHouse of {@code cdp dev up}.
 *
 * @param url      HTTP address, {@code http://host:port}
 * @param user     user name
 * @param password password; empty for none
 * @param database database of the event tables
 */
public record ClickHouseConfig(@NotEmpty String url, @NotEmpty String user, String password,
                               @NotEmpty String database) {

    public ClickHouseConfig {
        url = requireNonNullElse(url, "http://127.0.0.1:18123");
        user = requireNonNullElse(user, "default");
        password = requireNonNullElse(password, "");
        database = requireNonNullElse(database, "default");
    }

    public ClickHouseConfig() {
        this(null, null, null, null);
    }
}
