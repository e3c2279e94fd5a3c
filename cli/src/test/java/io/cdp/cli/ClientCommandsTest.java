package io.cdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdp.cli.command.ExitCodes;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.cdp.cli.dev.DemoKeyStep;
import io.cdp.cli.dev.stack.DevSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The workspace, key and event commands against a real running server. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientCommandsTest {
    private static final TestApp TEST = TestApp.named("cli");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app();


    /** How listings show a key: its public id and the first characters of its secret. */
    private static String masked(String raw) {
        return raw.substring(0, raw.indexOf(':') + 12) + "…";
    }

    private static CdpRun cdp(String... args) {
        return CdpRun.against(APP.getLocalPort(), TEST.token(), args);
    }

    private static CdpRun cdpAsIs(String... args) {
        return CdpRun.of(args);
    }

    @Test
    void createsAndListsWorkspaces() {
        String name = TestServices.uniqueName("acme");
        CdpRun created = cdp("workspaces", "create", name, "--tier", "pro");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created workspace " + name, "tier pro", "cdp keys create");

        CdpRun list = cdp("workspaces", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("NAME", name, "pro");

        CdpRun again = cdp("workspaces", "create", name);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("already exists", "field: name", "HTTP 409");
    }

    /**
     * Creates {@code workspace} and a key of its web source with {@code --json}, and checks that
     * {@code keys list} shows that key masked, never raw. Returns the created key's JSON.
     */
    private JsonNode createKeyListedMasked(String workspace) throws Exception {
        cdp("workspaces", "create", workspace);
        CdpRun created = cdp("keys", "create", "--workspace", workspace, "--source", "web", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode key = new ObjectMapper().readTree(created.out());
        String raw = key.get("key").asText();
        assertThat(raw).startsWith("key_").contains(":cdp_wk_");
        String masked = masked(raw);

        CdpRun listed = cdp("keys", "list", "--workspace", workspace);
        assertThat(listed.out()).contains(key.get("id").asText(), masked, "web")
                .doesNotContain(raw);
        return key;
    }

    @Test
    void createsListsAndRevokesKeysShowingTheRawKeyOnlyAtCreation() throws Exception {
        String workspace = TestServices.uniqueName("shop");
        JsonNode key = createKeyListedMasked(workspace);
        String raw = key.get("key").asText();

        CdpRun revoked = cdp("keys", "revoke", key.get("id").asText());
        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.out()).contains("Revoked " + key.get("id").asText(), masked(raw));
        assertThat(cdp("keys", "list", "--workspace", workspace, "--json").out()).contains("revoked_at");
    }

    @Test
    void keysCreateMakesTheSourceAndNamesTheKeyInPlainText() {
        String workspace = TestServices.uniqueName("plain");
        cdp("workspaces", "create", workspace);
        CdpRun created = cdp("keys", "create", "--workspace", workspace, "--source", "backend");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("source backend of workspace " + workspace, "Key (shown only now",
                "cdp events send --key key_");
    }

    @Test
    void workspacesOriginsLimitsASourceToListedOriginsAndAnyOpensItAgain() throws Exception {
        String workspace = TestServices.uniqueName("web");
        JsonNode key = createKeyListedMasked(workspace);

        CdpRun limited = cdp("workspaces", "origins", workspace, "web", "https://shop.example.com",
                "https://*.example.org");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(limited.out()).contains("Source web accepts browser events from https://shop.example.com, "
                + "https://*.example.org.");
        // The limit reaches ingest at once: a browser request from another origin is refused.
        assertThat(browserTrack(key.get("key").asText(), "https://evil.example.net")).isEqualTo(403);
        assertThat(browserTrack(key.get("key").asText(), "https://cart.example.org")).isEqualTo(200);

        CdpRun json = cdp("workspaces", "origins", workspace, "web", "--any", "--json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(new ObjectMapper().readTree(json.out()).path("allowed_origins").size()).isZero();
        assertThat(browserTrack(key.get("key").asText(), "https://evil.example.net")).isEqualTo(200);

        CdpRun neither = cdp("workspaces", "origins", workspace, "web");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("give either ORIGIN entries or --any");
    }

    /** A track event as a browser on {@code origin} posts it: text/plain, the key in the body. */
    private static int browserTrack(String key, String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/t"))
                .header("Content-Type", "text/plain").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"" + key
                        + "\",\"type\":\"track\",\"event\":\"Viewed\",\"anonymousId\":\"a-1\"}"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void unknownWorkspaceIsANotFoundWithWhatToDo() {
        CdpRun run = cdp("keys", "create", "--workspace", "no-such-workspace-x", "--source", "web");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("no workspace 'no-such-workspace-x'", "cdp workspaces list", "HTTP 404");
    }

    @Test
    void wrongAdminTokenSaysWhichTokenToPass() {
        CdpRun run = cdpAsIs("workspaces", "list", "--server", "http://127.0.0.1:" + APP.getLocalPort(),
                "--token", "wrong-token");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("admin token", "--token or CDP_ADMIN_TOKEN");
    }

    @Test
    void aGroupWithoutSubcommandPrintsItsUsage() {
        CdpRun run = cdpAsIs("keys");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("create", "list", "revoke");
    }

    @Test
    void unreachableServerSaysHowToStartIt() {
        CdpRun run = cdpAsIs("workspaces", "list", "--server", "http://127.0.0.1:1", "--token", TEST.token());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the CDP server at http://127.0.0.1:1 (from --server)",
                "./cdp dev up --with-server");
    }

    @Test
    void everyClientCommandHasHelpWithExamplesAndExitCodes() {
        for (String[] command : new String[][] {{"workspaces", "create"}, {"workspaces", "list"}, {"keys", "create"},
                {"keys", "list"}, {"keys", "revoke"}, {"events", "send"}}) {
            CdpRun help = cdpAsIs(command[0], command[1], "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Examples:", "Exit codes:",
                    "no server answered", "--server");
        }
    }

    @Test
    void devUpsDemoKeyStepPrintsAKeyAndACurlLineThatSendsAFirstEvent() throws Exception {
        DevSettings settings = DevSettings.from(Map.of(DevSettings.SERVER_PORT, String.valueOf(APP.getLocalPort())));
        StringWriter text = new StringWriter();
        new DemoKeyStep(Map.of("CDP_ADMIN_TOKEN", TEST.token())).run(settings, new PrintWriter(text, true));
        String output = text.toString();
        assertThat(output).contains("Demo workspace 'demo', source 'demo-web'", "Write key (shown only now): key_",
                "curl -sS -u 'key_");
        // The line that sends an event (dev up may also print a curl line that queries ClickHouse).
        String curl = output.lines().filter(line -> line.strip().startsWith("curl -sS -u ")).findFirst().orElseThrow();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Process process = new ProcessBuilder("sh", "-c", curl.strip()).redirectErrorStream(true).start();
        String answer = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        assertThat(answer).isEqualTo("{\"success\":true}");

        // A second run reuses the workspace and makes another key.
        StringWriter again = new StringWriter();
        new DemoKeyStep(Map.of("CDP_ADMIN_TOKEN", TEST.token())).run(settings, new PrintWriter(again, true));
        assertThat(again.toString()).contains("Write key (shown only now): key_");
    }

    @Test
    void devUpsDemoKeyStepExplainsWhenTheServerDoesNotAnswer() {
        DevSettings settings = DevSettings.from(Map.of(DevSettings.SERVER_PORT, "1"));
        StringWriter text = new StringWriter();
        new DemoKeyStep(Map.of()).run(settings, new PrintWriter(text, true));
        assertThat(text.toString()).contains("demo write key: not created", "./cdp keys create --workspace demo");
    }

    @Test
    void eventsSendPrintsTheAnswerAndBatchesLargeCounts() throws Exception {
        String workspace = TestServices.uniqueName("shop");
        JsonNode key = createKeyListedMasked(workspace);
        String raw = key.get("key").asText();

        CdpRun sent = cdp("events", "send", "--key", raw, "--type", "track", "--event", "Signed Up");
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("HTTP 200", "\"success\":true");

        CdpRun many = cdp("events", "send", "--key", raw, "--event", "Clicked", "--count", "250", "--batch-size", "100");
        assertThat(many.exitCode()).as(many.err()).isZero();
        assertThat(many.out()).contains("250 events sent: 250 accepted, 0 duplicates, 0 rejected");
        assertThat(many.err()).contains("sent 100/250", "sent 200/250");

        CdpRun revoked = cdp("keys", "revoke", key.get("id").asText());
        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.out()).contains("Revoked " + key.get("id").asText(), masked(raw));

        CdpRun refused = cdp("events", "send", "--key", raw, "--event", "After Revoke");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.out()).contains("HTTP 401");
        assertThat(refused.err()).contains("cdp keys create");
    }

    @Test
    void rejectedEventsShowTheServersErrorAndField() {
        String workspace = TestServices.uniqueName("bad");
        cdp("workspaces", "create", workspace);
        String raw = cdp("keys", "create", "--workspace", workspace, "--source", "web", "--json").out();
        String key = raw.replaceAll("(?s).*\"key\" : \"([^\"]+)\".*", "$1");
        CdpRun missingEvent = cdp("events", "send", "--key", key, "--type", "track");
        assertThat(missingEvent.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(missingEvent.out()).contains("HTTP 400", "\"field\":\"event\"");
    }

    @Test
    void missingWriteKeyIsAUsageError() {
        CdpRun run = cdp("events", "send", "--event", "x");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a write key is needed", "cdp keys create");
    }
}
