package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.NodeProject;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestClickHouse;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client libraries teams already run, unchanged, against the whole pipeline (ingest, rotor,
 * bulker into ClickHouse): each sends identify, page and track for one user, and each of the
 * three lands in ClickHouse exactly once. Versions are pinned in src/test/node/package-lock.json.
 *
 * <ul>
 *   <li>analytics.js ({@code @segment/analytics-next}) in headless Chromium on a page of another
 *       origin, with only the CDN pointed at this server: settings, CORS preflights, the short
 *       paths with text/plain bodies, and its batching mode ({@code /v1/b});</li>
 *   <li>{@code @jitsu/js} in the browser ({@code /api/s/{type}}, X-Write-Key, CORS) and in Node.js
 *       server-to-server ({@code /api/s/s2s/{type}}), with an {@code id:secret} key it accepts;</li>
 *   <li>{@code @rudderstack/rudder-sdk-node}: one gzip batch declared form-urlencoded.</li>
 * </ul>
 * Skipped (with the reason) only where Node.js, or for the browser cases Chromium, is missing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientLibrariesTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final TestApp TEST = TestApp.named("clients");
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.migrated("clients_ch");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.pipelineInto(CLICKHOUSE);

    private static String key;
    private static String workspaceId;


    @BeforeAll
    static void createKey() throws Exception {
        var answer = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(),
                TestServices.uniqueName("clients"), Map.of());
        key = answer.get("key").asText();
        workspaceId = answer.get("workspace_id").asText();
        assertThat(key).startsWith(answer.get("id").asText() + ":");
    }

    @Test
    void analyticsJsInABrowserOnAnotherOriginSendsEachEventOnce() throws Exception {
        assertBrowserEventsLandOnce("segment", "analytics.js");
    }

    @Test
    void analyticsJsInBatchingModeSendsEachEventOnce() throws Exception {
        assertBrowserEventsLandOnce("segment-batching", "analytics.js");
    }

    @Test
    void jitsuInABrowserOnAnotherOriginSendsEachEventOnce() throws Exception {
        assertBrowserEventsLandOnce("jitsu", "@jitsu/js");
    }

    @Test
    void jitsuServerToServerSendsEachEventOnce() throws Exception {
        assertNodeEventsLandOnce("jitsu-node", "@jitsu/js", "@jitsu/js");
    }

    @Test
    void rudderStackNodeSendsABatchWhoseEventsLandOnce() throws Exception {
        assertNodeEventsLandOnce("rudderstack", "@rudderstack/rudder-sdk-node", "analytics-node");
    }

    private static void assertNodeEventsLandOnce(String client, String npmPackage, String library) throws Exception {
        NodeProject.install(npmPackage);
        String runId = runId();
        NodeProject.node("send-node-clients.js", environment(client, runId), 50);
        assertLandedOnce(runId, library);
    }

    private static void assertBrowserEventsLandOnce(String client, String library) throws Exception {
        NodeProject.requireChromium();
        NodeProject.install("puppeteer-core", "@segment/analytics-next", "@jitsu/js");
        String runId = runId();
        String output = NodeProject.node("browser-clients.js", environment(client, runId), 55);
        assertThat(output).contains("event requests answered 2xx").doesNotContain("HTTP 4", "HTTP 5");
        assertLandedOnce(runId, library);
    }

    /** identify, page and track of user-RUN each appear exactly once in ClickHouse. */
    private static void assertLandedOnce(String runId, String library) {
        String sql = "SELECT type, event, context_library_name FROM "
                + TenantTables.name(workspaceId, "events") + " FINAL WHERE user_id = 'user-" + runId + "'";
        List<ObjectNode> rows = Eventually.await(WAIT, "identify, page and track of user-" + runId + " in ClickHouse",
                () -> CLICKHOUSE.client().query(sql), found -> found.size() >= 3);
        assertThat(rows).extracting(row -> row.path("type").asText())
                .containsExactlyInAnyOrder("identify", "page", "track");
        assertThat(rows).filteredOn(row -> row.path("type").asText().equals("track"))
                .extracting(row -> row.path("event").asText()).containsExactly("Signed Up");
        assertThat(rows).extracting(row -> row.path("context_library_name").asText()).allMatch(
                name -> name.contains(library), "library name contains " + library);
    }

    private static Map<String, String> environment(String client, String runId) {
        return Map.of("CDP_HOST", "http://127.0.0.1:" + APP.getLocalPort(), "CDP_WRITE_KEY", key, "RUN_ID", runId,
                "CLIENT", client, "CHROMIUM", NodeProject.CHROMIUM.toString());
    }

    private static String runId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
