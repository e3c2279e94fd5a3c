package io.cdp.server.dlq;

import io.cdp.server.ingest.IngestReplay;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaFieldRepo;
import io.cdp.server.testing.TestServices;
import io.dropwizard.jersey.validation.Validators;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** Ingest's real checks for replay tests: a migrated PostgreSQL database of its own holding the given workspaces. */
final class IngestChecksForTests {
    final String database = TestServices.createMigratedDatabase("dlq_checks");
    final Jdbi jdbi = Jdbi.create(TestServices.jdbcUrl(database), TestServices.PG_USER, "")
            .installPlugin(new SqlObjectPlugin());
    final SchemaCheck schema = new SchemaCheck(jdbi.onDemand(SchemaFieldRepo.class));
    final IngestReplay replay = new IngestReplay(new EventValidator(Validators.newValidator()),
            new LateEventCheck(Duration.ofHours(24)), schema);

    IngestChecksForTests(String... workspaces) {
        for (String workspace : workspaces) {
            jdbi.useHandle(handle -> handle.execute("INSERT INTO workspaces (id, name) VALUES (?, ?)", workspace,
                    workspace));
        }
    }

    void drop() {
        TestServices.dropDatabase(database);
    }
}
