package io.cdp.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.client.IngestClient;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code cdp dashboard}, run in a tmux terminal of 80×24 and driven by its keys, against
 * a real server on the local services: a key created on the Keys screen authenticates an ingest
 * request and stops doing so once revoked there; an event sent during the test appears on the
 * Live events screen with its payload; a local function is tested on that event; a dry-run
 * replay of a dead letter through a local function shows its output and sends nothing to Kafka.
 * Every screen stays within 80 columns. The screens are kept in target/console-screens.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DashboardInTmuxTest {
    private static final String TOKEN = "tmux-dashboard-admin-token-0123";
    private static final String SUFFIX = TestServices.uniqueName("tmuxdash");
    private static final String DATABASE = TestServices.createMigratedDatabase("tmuxdash");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE, SUFFIX, TOKEN);
    private static final Pattern RAW_KEY = Pattern.compile("key_\\w+:cdp_wk_[\\w-]+");

    @Test
    void everyScreenWorksByKeyboardIn80By24(@TempDir Path folder) throws Exception {
        ConsoleTestKit.writeFunctionErrorLetter(SUFFIX, "tmux-dlq-1", "7.25");
        Path fixed = folder.resolve("fixed.js");
        Files.writeString(fixed, """
                export default function (event, ctx) {
                  ctx.log.info("fixed " + event.messageId);
                  if (event.properties) event.properties.total = Number(event.properties.total);
                  return event;
                }
                """);
        String server = "http://127.0.0.1:" + APP.getLocalPort();
        IngestClient ingest = new IngestClient(URI.create(server), null);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.cdp.cli.Cdp", "dashboard", "--server", server,
                "--token", TOKEN);
        try (Tmux tmux = Tmux.start(SUFFIX, command)) {
            String overview = tmux.await("[1 Overview]", "Stage", "Migrations: postgres: V", "Latest errors");
            Tmux.keep("1-overview", overview);

            // Keys: a workspace, then a key for its source "web"; the raw key is shown once.
            tmux.keys("4");
            tmux.await("[4 Keys]", "No workspaces yet");
            tmux.keys("n");
            tmux.await("New workspace name:");
            tmux.type("shop");
            tmux.keys("Enter");
            tmux.await("Tier of shop");
            tmux.keys("Enter");
            tmux.await("Created workspace shop", "shop  (tier default");
            tmux.keys("k");
            tmux.await("Source for the new key in shop");
            tmux.keys("Enter");
            String created = tmux.await("shown this once only", "export CDP_WRITE_KEY=");
            Tmux.keep("4-keys-new-key", created);
            Matcher found = RAW_KEY.matcher(created);
            assertThat(found.find()).as(created).isTrue();
            String writeKey = found.group();
            assertThat(ingest.send(writeKey, "identify", Map.of("userId", "u-1")).status())
                    .as("the key made on the Keys screen authenticates").isEqualTo(200);
            tmux.keys("Escape");
            Tmux.keep("4-keys", tmux.await("  web (s2s)", "created "));

            // Live events: an event sent now appears with its verdict, and its payload on Enter.
            tmux.keys("2");
            tmux.await("[2 Live events]", "[live]");
            Map<String, Object> order = Map.of("event", "Order Completed", "messageId", "tmux-m-1",
                    "anonymousId", "a-1", "properties", Map.of("total", "12.50"));
            assertThat(ingest.send(writeKey, "track", order).status()).isEqualTo(200);
            String live = tmux.await("shop/web", "Order Completed", "accepted", "anon=a-1");
            Tmux.keep("2-live", live);
            tmux.keys("Enter");
            Tmux.keep("2-live-event", tmux.await("Event tmux-m-1", "Before functions", "\"total\" : \"12.50\""));
            tmux.keys("Escape");
            tmux.await("Up/Down Enter:payload");

            // Functions: the live event, picked with f, through a local file as `cdp functions test` shows it.
            tmux.keys("f");
            tmux.await("[5 Functions]", "Picked tmux-m-1");
            tmux.keys("t");
            tmux.await("Function file to test on the picked event:");
            tmux.type(fixed.toString());
            tmux.keys("Enter");
            Tmux.keep("5-functions-test", tmux.await("Running fixed.js on 1 event", "1 event out:",
                    "\"total\" : 12.5"));
            tmux.keys("PageDown");
            tmux.await("logs:", "info  fixed tmux-m-1", "ms)");
            tmux.keys("Escape");
            Tmux.keep("5-functions", tmux.await("Test event: track Order Completed msg=tmux-m-1"));

            // Dead letters: filtered by reason, dry-run through the local file; nothing reaches Kafka.
            long retryBefore = ConsoleTestKit.endOffset(SUFFIX, TestServices.kafkaConfig(SUFFIX).topics().retry());
            tmux.keys("3");
            tmux.await("[3 Dead letters]", "function_error");
            tmux.keys("e");
            tmux.await("Reason, e.g.");
            tmux.type("function_error");
            tmux.keys("Enter");
            Tmux.keep("3-dead-letters", tmux.await("reason=function_error", "1 listed"));
            tmux.keys("d");
            tmux.await("Dry run through function file");
            tmux.type(fixed.toString());
            tmux.keys("Enter");
            Tmux.keep("3-dead-letters-dry-run", tmux.await("through fixed.js:", "1 event out:", "tmux-dlq-1"));
            tmux.keys("PageDown");
            tmux.await("info  fixed tmux-dlq-1", "Dry run: 1 letter(s) would be replayed, 0 skipped, 0 failed; nothing was"
                    + " sent.");
            tmux.keys("Escape");
            tmux.await("reason=function_error", "1 listed");
            assertThat(ConsoleTestKit.endOffset(SUFFIX, TestServices.kafkaConfig(SUFFIX).topics().retry()))
                    .as("a dry run sends nothing").isEqualTo(retryBefore);

            // Keys: revoke after a confirmation; the key no longer opens ingest.
            tmux.keys("4");
            tmux.await("[4 Keys]", "  web (s2s)");
            tmux.keys("Down", "Down", "v");
            tmux.await("Revoke key_", "Its senders get 401. (y/n)");
            tmux.keys("y");
            tmux.await("Revoked key_", "REVOKED");
            assertThat(ingest.send(writeKey, "identify", Map.of("userId", "u-2")).status()).isEqualTo(401);

            tmux.keys("1");
            String after = tmux.await("[1 Overview]", "ingest accepted");
            for (String line : after.split("\n")) {
                assertThat(line.length()).as("80 columns: " + line).isLessThanOrEqualTo(Tmux.COLUMNS);
            }
            tmux.keys("q");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (tmux.running() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(tmux.running()).as("q quits the dashboard").isFalse();
        }
    }
}
