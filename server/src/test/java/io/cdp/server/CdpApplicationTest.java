package io.cdp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class CdpApplicationTest {
    private static final String DATABASE = TestServices.createMigratedDatabase("app");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE,
            TestServices.uniqueName("app"), "app-test-admin-token-0123456789");

    private static final GenericType<Map<String, Object>> JSON_MAP = new GenericType<>() { };

    private String url(String path) {
        return "http://localhost:" + APP.getLocalPort() + path;
    }

    @Test
    void healthAnswersWhileRunning() {
        Map<String, Object> body = APP.client().target(url("/health")).request().get(JSON_MAP);
        assertThat(body).containsEntry("status", "ok");
    }

    @Test
    void readyWhenPostgresRedisKafkaAndClickHouseAnswer() {
        Response response = APP.client().target(url("/ready")).request().get();
        Map<String, Object> body = response.readEntity(JSON_MAP);
        assertThat(response.getStatus()).as("body %s", body).isEqualTo(200);
        assertThat(body.get("checks").toString()).contains("postgresql", "redis", "kafka", "clickhouse");
    }

    @Test
    void unknownPathIsJsonNotFound() {
        Response response = APP.client().target(url("/no-such-path")).request().get();
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.readEntity(JSON_MAP)).containsEntry("error", "not found");
    }
}
