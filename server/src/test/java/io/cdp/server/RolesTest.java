package io.cdp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code roles} decides what a process serves: each role registers its own resources and checks. */
class RolesTest {
    private static final String DATABASE = TestServices.createMigratedDatabase("roles");
    private static final String TOKEN = "roles-test-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** What a test checks on a running server. */
    private interface ServerCheck {
        void check(DropwizardTestSupport<CdpConfiguration> server) throws Exception;
    }

    /** Starts a server with these roles, runs the check on it and stops it, whatever the check did. */
    private static void whileRunning(String roles, ServerCheck check) throws Exception {
        DropwizardTestSupport<CdpConfiguration> server =
                TestApps.server(DATABASE, TestServices.uniqueName("roles"), TOKEN, "roles", roles);
        try {
            server.before();
            check.check(server);
        } finally {
            server.after();
        }
    }

    private static HttpResponse<String> send(DropwizardTestSupport<CdpConfiguration> server, String method,
                                             String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.getLocalPort() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anIngestOnlyProcessTakesEventsButHasNoManagementApiNorClickHouse() throws Exception {
        whileRunning("ingest", server -> {
            // Refused for want of a write key: the ingest resource answered.
            assertThat(send(server, "POST", "/v1/track").statusCode()).isEqualTo(401);
            assertThat(send(server, "GET", "/api/v1/workspaces").statusCode()).isEqualTo(404);
            assertThat(server.getEnvironment().healthChecks().getNames())
                    .contains("postgresql", "redis", "kafka").doesNotContain("clickhouse");
        });
    }

    @Test
    void anApiOnlyProcessServesTheManagementApiButTakesNoEvents() throws Exception {
        whileRunning("api", server -> {
            assertThat(send(server, "GET", "/api/v1/workspaces").statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/api/v1/dlq").statusCode()).isNotEqualTo(404);
            assertThat(send(server, "POST", "/v1/track").statusCode()).isEqualTo(404);
            assertThat(server.getEnvironment().healthChecks().getNames()).doesNotContain("clickhouse");
        });
    }

    @Test
    void aBulkerProcessChecksClickHouse() throws Exception {
        whileRunning("bulker", server -> {
            assertThat(server.getEnvironment().healthChecks().getNames()).contains("clickhouse");
            assertThat(send(server, "GET", "/api/v1/workspaces").statusCode()).isEqualTo(404);
        });
    }
}
