package io.cdp.server.migrate;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/migrations}: PostgreSQL's and ClickHouse's migration status against the
 * migrations this server carries (management API, admin token).
 *
 * <pre>
 * {"databases": [{"database": "postgres", "latest": "5", "applied": 5, "pending": 0, "problems": []}, ...]}
 * </pre>
 */
@Path("/api/v1/migrations")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationStatusResource {
    private final MigrationStatusService migrations;

    public MigrationStatusResource(MigrationStatusService migrations) {
        this.migrations = migrations;
    }

    @GET
    public Map<String, List<MigrationStatusService.DatabaseStatus>> status() {
        return Map.of("databases", migrations.status());
    }
}
