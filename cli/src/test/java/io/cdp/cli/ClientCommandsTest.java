package io.cdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The workspace, key and event commands against a real running server. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientCommandsTest {
    private static final String TOKEN = "cli-test-admin-token-0123";
    private static final String DATABASE = TestServices.createMigratedDatabase("cli");
    private static final DropwizardAppExtension<CdpConfiguration> APP = new DropwizardAppExtension<>(
            CdpApplication.class, CdpApplication.DEFAULT_CONFIG, overrides());

    private static ConfigOverride[] overrides() {
        List<ConfigOverride> overrides = TestServices.overrides(DATABASE, TestServices.uniqueName("cli"));
        overrides.add(ConfigOverride.config("adminToken", TOKEN));
        return overrides.toArray(ConfigOverride[]::new);
    }

    /** Exit code, standard output and standard error of one {@code cdp} run. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run cdp(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", "http://127.0.0.1:" + APP.getLocalPort(), "--token", TOKEN));
        return cdpAsIs(all.toArray(String[]::new));
    }

    private static Run cdpAsIs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cdp.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createsAndListsWorkspaces() {
        String name = TestServices.uniqueName("acme");
        Run created = cdp("workspaces", "create", name, "--tier", "pro");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created workspace " + name, "tier pro", "cdp keys create");

        Run list = cdp("workspaces", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("NAME", name, "pro");

        Run again = cdp("workspaces", "create", name);
        assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).contains("already exists", "field: name", "HTTP 409");
    }

    @Test
    void createsListsAndRevokesKeysShowingTheRawKeyOnlyAtCreation() throws Exception {
        String workspace = TestServices.uniqueName("shop");
        cdp("workspaces", "create", workspace);
        Run created = cdp("keys", "create", "--workspace", workspace, "--source", "web", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode key = new ObjectMapper().readTree(created.out());
        String raw = key.get("key").asText();
        assertThat(raw).startsWith("cdp_wk_");

        Run listed = cdp("keys", "list", "--workspace", workspace);
        assertThat(listed.out()).contains(key.get("id").asText(), raw.substring(0, 11) + "…", "web")
                .doesNotContain(raw);

        Run revoked = cdp("keys", "revoke", key.get("id").asText());
        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.out()).contains("Revoked " + key.get("id").asText(), raw.substring(0, 11) + "…");
        assertThat(cdp("keys", "list", "--workspace", workspace, "--json").out()).contains("revoked_at");
    }

    @Test
    void keysCreateMakesTheSourceAndNamesTheKeyInPlainText() {
        String workspace = TestServices.uniqueName("plain");
        cdp("workspaces", "create", workspace);
        Run created = cdp("keys", "create", "--workspace", workspace, "--source", "backend");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("source backend of workspace " + workspace, "Key (shown only now",
                "cdp events send --key cdp_wk_");
    }

    @Test
    void unknownWorkspaceIsANotFoundWithWhatToDo() {
        Run run = cdp("keys", "create", "--workspace", "no-such-workspace-x", "--source", "web");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("no workspace 'no-such-workspace-x'", "cdp workspaces list", "HTTP 404");
    }

    @Test
    void wrongAdminTokenSaysWhichTokenToPass() {
        Run run = cdpAsIs("workspaces", "list", "--server", "http://127.0.0.1:" + APP.getLocalPort(),
                "--token", "wrong-token");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("admin token", "--token or CDP_ADMIN_TOKEN");
    }

    @Test
    void unreachableServerSaysHowToStartIt() {
        Run run = cdpAsIs("workspaces", "list", "--server", "http://127.0.0.1:1", "--token", TOKEN);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the CDP server at http://127.0.0.1:1 (from --server)",
                "./cdp dev up --with-server");
    }

    @Test
    void everyClientCommandHasHelpWithExamplesAndExitCodes() {
        for (String[] command : new String[][] {{"workspaces", "create"}, {"workspaces", "list"}, {"keys", "create"},
                {"keys", "list"}, {"keys", "revoke"}, {"events", "send"}}) {
            Run help = cdpAsIs(command[0], command[1], "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(String.join(" ", command)).contains("Examples:", "Exit codes:",
                    "no server answered", "--server");
        }
    }

}
