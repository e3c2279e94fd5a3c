package io.cdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.cli.console.ConsoleTestKit;
import io.cdp.client.ClientSettings;
import io.cdp.client.ConsoleClient;
import io.cdp.client.IngestClient;
import io.cdp.client.ManagementClient;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's command-line side against a real server on the local services: {@code cdp events
 * tail} shows the verdicts of events sent during the test, {@code cdp dlq replay --dry-run} runs
 * letters through a local function and sends nothing, and the console's management endpoints
 * (meters, migrations, keys' last use) answer.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleCommandsTest {
    private static final String TOKEN = "console-test-admin-token-0123";
    private static final String SUFFIX = TestServices.uniqueName("console");
    private static final String DATABASE = TestServices.createMigratedDatabase("console");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE, SUFFIX, TOKEN);
    private static final String WORKSPACE = TestServices.uniqueName("tailws");
    private static String writeKey;
    private static String keyId;

    private static CdpRun cdp(String... args) {
        return CdpRun.against(APP.getLocalPort(), TOKEN, args);
    }

    private static ConsoleClient console() {
        return new ConsoleClient(new ManagementClient(new ClientSettings(
                URI.create("http://127.0.0.1:" + APP.getLocalPort()), TOKEN, null)));
    }

    @BeforeAll
    static void workspaceAndKey() throws Exception {
        ManagementClient management = console().management();
        management.createWorkspace(WORKSPACE, null);
        JsonNode key = management.createKey(WORKSPACE, "web", true);
        writeKey = key.get("key").asText();
        keyId = key.get("id").asText();
    }

    @Test
    void eventsTailShowsTheVerdictOfEachEventSentWhileWatching() throws Exception {
        console().liveEvents(0, ConsoleClient.LiveQuery.ANY, 1); // somebody watches: the server records
        IngestClient ingest = new IngestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()), null);
        Map<String, Object> order = Map.of("event", "Order Completed", "messageId", "tail-m-1", "anonymousId", "a-1");
        assertThat(ingest.send(writeKey, "track", order).ok()).isTrue();
        assertThat(ingest.send(writeKey, "track", order).ok()).as("the same messageId again").isTrue();
        assertThat(ingest.send(writeKey, "track", Map.of("messageId", "tail-m-2", "anonymousId", "a-1")).status())
                .as("a track without its event name").isEqualTo(400);

        CdpRun tail = cdp("events", "tail", "--workspace", WORKSPACE, "--count", "3", "--interval", "10");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out()).contains("workspace/src", WORKSPACE + "/web", "Order Completed", "accepted",
                "deduplicated", "rejected: invalid", "msg=tail-m-1", "anon=a-1");

        CdpRun filtered = cdp("events", "tail", "--workspace", WORKSPACE, "--text", "tail-m-2", "--count", "1",
                "--json");
        assertThat(filtered.exitCode()).as(filtered.err()).isZero();
        JsonNode only = EventJson.MAPPER.readTree(filtered.out().strip());
        assertThat(only.path("verdict").asText()).isEqualTo("rejected");
        assertThat(only.path("reason").asText()).isEqualTo("invalid");

        JsonNode detail = console().liveEvent("tail-m-1", 0);
        assertThat(detail.path("event").path("payload").path("event").asText()).isEqualTo("Order Completed");
        assertThat(detail.path("event").path("verdict").asText()).as("the newest verdict").isEqualTo("deduplicated");
    }

    @Test
    void dryRunReplayRunsTheLettersThroughALocalFunctionAndSendsNothing(@TempDir Path folder) throws Exception {
        var kafka = TestServices.kafkaConfig(SUFFIX);
        ConsoleTestKit.writeFunctionErrorLetter(SUFFIX, "dry-m-1", "12.50");
        Path fixed = folder.resolve("fixed.js");
        Files.writeString(fixed, """
                export default function (event, ctx) {
                  ctx.log.info("fixing " + event.messageId);
                  event.properties.total = Number(event.properties.total);
                  return event;
                }
                """);
        long retryBefore = ConsoleTestKit.endOffset(SUFFIX, kafka.topics().retry());

        CdpRun dryRun = cdp("dlq", "replay", "--all", "--reason", "function_error", "--dry-run", "--function",
                fixed.toString());
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("dry-m-1", "through fixed.js:", "1 event out:", "\"total\" : 12.5",
                "fixing dry-m-1", "Dry run: 1 letter(s) would be replayed, 0 skipped, 0 failed in fixed.js;"
                        + " nothing was sent.");
        CdpRun plain = cdp("dlq", "replay", "--all", "--reason", "function_error", "--dry-run");
        assertThat(plain.out()).contains("would go to the retry topic as:", "\"total\":\"12.50\"");
        assertThat(ConsoleTestKit.endOffset(SUFFIX, kafka.topics().retry())).as("nothing reached the retry topic").isEqualTo(retryBefore);

        Path broken = folder.resolve("broken.js");
        Files.writeString(broken, "export default function (event) { throw new Error('still broken'); }");
        CdpRun failing = cdp("dlq", "replay", "--all", "--reason", "function_error", "--dry-run", "--function",
                broken.toString());
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out()).contains("FAILED", "still broken", "1 failed in broken.js");

        CdpRun withoutDryRun = cdp("dlq", "replay", "--all", "--function", fixed.toString());
        assertThat(withoutDryRun.exitCode()).isEqualTo(2);
        assertThat(withoutDryRun.err()).contains("--function goes with --dry-run");
    }

    @Test
    void theConsoleEndpointsAnswerMetersMigrationsAndKeyUse() throws Exception {
        IngestClient ingest = new IngestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()), null);
        assertThat(ingest.send(writeKey, "track", Map.of("event", "Counted", "anonymousId", "a-2")).ok()).isTrue();

        JsonNode meters = console().meters().path("meters");
        assertThat(meters.findValuesAsText("name")).contains("cdp_ingest_events_accepted_total");
        JsonNode databases = console().migrations().path("databases");
        assertThat(databases.findValuesAsText("database")).containsExactly("postgres", "clickhouse");
        assertThat(databases.get(0).path("pending").asInt()).isZero();
        assertThat(databases.get(0).path("applied").asInt()).isPositive();
        // The last use is noted in memory on authentication and written to Redis every 10 s.
        JsonNode usage = io.cdp.server.testing.Eventually.await(java.time.Duration.ofSeconds(30),
                "the key's last use", () -> {
                    try {
                        return console().keyUsage();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, answer -> answer.path("last_used").has(keyId));
        assertThat(Instant.parse(usage.path("last_used").path(keyId).asText())).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void tailRefusesAnIntervalBelowOneMillisecondNamingTheOption() {
        CdpRun interval = CdpRun.of("events", "tail", "--interval", "-5");

        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.err()).contains("--interval must be at least 1, not -5.").doesNotContain("Exception");
    }

    @Test
    void theNewCommandsHaveHelpWithExamples() {
        for (List<String> command : List.of(List.of("events", "tail"), List.of("dlq", "replay"))) {
            CdpRun help = CdpRun.of(command.get(0), command.get(1), "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Examples:", "./cdp " + command.get(0) + " " + command.get(1));
        }
        assertThat(CdpRun.of("dlq", "replay", "--help").out()).contains("--dry-run", "--function");
    }
}
