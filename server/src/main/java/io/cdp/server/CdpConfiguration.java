package io.cdp.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.server.bulker.BulkerConfig;
import io.cdp.server.config.ClickHouseConfig;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.config.RedisConfig;
import io.cdp.server.config.Role;
import io.cdp.server.ingest.IngestConfig;
import io.cdp.server.migrate.MigrationDatabases;
import io.cdp.server.rotor.RotorConfig;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.Set;

/**
 * The server's configuration, read from YAML with {@code ${ENV_VAR:-default}} substitution
 * (see {@code cdp.yml}). Validated at startup: a bad file refuses to start.
 */
public class CdpConfiguration extends Configuration {
    @NotEmpty
    @JsonProperty
    private Set<Role> roles = EnumSet.allOf(Role.class);

    /**
     * Token the management API (`/api/v1`) requires as {@code Authorization: Bearer TOKEN}. Not
     * required here, so that commands that only read the addresses (`cdp migrate`) work without
     * it; the server checks it at startup ({@link io.cdp.server.management.AdminTokenPolicy}).
     */
    @Size(min = 16, message = "must be at least 16 characters")
    @JsonProperty
    private String adminToken;

    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    @JsonProperty
    private RedisConfig redis = new RedisConfig();

    @Valid
    @NotNull
    @JsonProperty
    private KafkaConfig kafka = new KafkaConfig();

    @Valid
    @NotNull
    @JsonProperty
    private ClickHouseConfig clickhouse = new ClickHouseConfig();

    @Valid
    @NotNull
    @JsonProperty
    private IngestConfig ingest = new IngestConfig();

    @Valid
    @NotNull
    @JsonProperty
    private RotorConfig rotor = new RotorConfig();

    @Valid
    @NotNull
    @JsonProperty
    private BulkerConfig bulker = new BulkerConfig();

    public Set<Role> roles() {
        return roles;
    }

    public boolean runs(Role role) {
        return roles.contains(role);
    }

    public String adminToken() {
        return adminToken;
    }

    public DataSourceFactory database() {
        return database;
    }

    public RedisConfig redis() {
        return redis;
    }

    public KafkaConfig kafka() {
        return kafka;
    }

    public ClickHouseConfig clickhouse() {
        return clickhouse;
    }

    public IngestConfig ingest() {
        return ingest;
    }

    public RotorConfig rotor() {
        return rotor;
    }

    public BulkerConfig bulker() {
        return bulker;
    }

    /** Where {@code cdp migrate} and the migration status find each database. */
    public MigrationDatabases migrationDatabases() {
        return new MigrationDatabases(database, clickhouse,
                bulker.postgres().enabled() ? bulker.postgres().database() : null);
    }
}
