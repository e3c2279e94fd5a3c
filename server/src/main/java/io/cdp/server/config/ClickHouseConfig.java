package io.cdp.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** The ClickHouse HTTP endpoint the bulker writes to and `cdp migrate` migrates. */
public class ClickHouseConfig {
    @NotEmpty
    @JsonProperty
    private String url = "http://127.0.0.1:18123";

    @NotEmpty
    @JsonProperty
    private String user = "default";

    @NotNull
    @JsonProperty
    private String password = "";

    @NotEmpty
    @JsonProperty
    private String database = "default";

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }
}
