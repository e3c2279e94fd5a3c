package io.cdp.cli.functions;

import io.cdp.cli.CdpRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.Cdp;
import io.cdp.cli.command.ExitCodes;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.LogEntry;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.functions.FunctionLogStore;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** {@code cdp functions deploy|list|logs} against a real running server (API role). */
@ExtendWith(DropwizardExtensionsSupport.class)
class FunctionsServerCommandsTest {
    private static final String TOKEN = "functions-cli-token-0123";
    private static final String DATABASE = TestServices.createMigratedDatabase("fncli");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE,
            TestServices.uniqueName("fncli"), TOKEN, "roles", "api");

    @TempDir
    Path dir;


    private static CdpRun cdp(String... args) {
        return CdpRun.against(APP.getLocalPort(), TOKEN, args);
    }

    private String workspaceWithSource() {
        String workspace = TestServices.uniqueName("fnws");
        assertThat(cdp("workspaces", "create", workspace).exitCode()).isZero();
        assertThat(cdp("keys", "create", "--workspace", workspace, "--source", "web").exitCode()).isZero();
        return workspace;
    }

    @Test
    void deployAttachListAndRedeploy() throws IOException {
        String workspace = workspaceWithSource();
        Path fn = Files.writeString(dir.resolve("tag.js"), "export default (e) => ({ ...e, tagged: true })");

        CdpRun deployed = cdp("functions", "deploy", fn.toString(), "--workspace", workspace, "--source", "web");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("Deployed tag version 1", "Attached to source web at position 1");

        CdpRun same = cdp("functions", "deploy", fn.toString(), "--workspace", workspace);
        assertThat(same.out()).contains("tag is unchanged", "version 1");

        Files.writeString(fn, "export default (e) => ({ ...e, tagged: 2 })");
        assertThat(cdp("functions", "deploy", fn.toString(), "--workspace", workspace).out())
                .contains("Deployed tag version 2");

        Path props = Files.writeString(dir.resolve("props.json"), "{\"level\": 3}");
        assertThat(cdp("functions", "deploy", fn.toString(), "--workspace", workspace, "--props", props.toString()).out())
                .contains("Deployed tag version 3");
        assertThat(cdp("functions", "list", "--workspace", workspace, "--json").out()).contains("\"level\" : 3");

        CdpRun list = cdp("functions", "list", "--workspace", workspace);
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("NAME", "tag", "v3", workspace, "web (1)");
    }

    @Test
    void aPositionBelowOneIsRefusedBeforeTheServerIsAsked() throws IOException {
        Path fn = Files.writeString(dir.resolve("first.js"), "export default function (e) { return e; }");
        CdpRun refused = CdpRun.of("functions", "deploy", fn.toString(), "--workspace", "acme", "--position", "0");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--position must be at least 1, not 0.");
    }

    @Test
    void codeThatDoesNotCompileIsRefusedWithTheReason() throws IOException {
        String workspace = workspaceWithSource();
        Path fn = Files.writeString(dir.resolve("broken.js"), "export default function (e {");
        CdpRun refused = cdp("functions", "deploy", fn.toString(), "--workspace", workspace);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("SyntaxError", "field: code", "HTTP 400");
    }

    @Test
    void logsShowWhatTheRotorRecorded() throws IOException {
        String workspace = workspaceWithSource();
        Path fn = Files.writeString(dir.resolve("noisy.js"), "export default (e, { log }) => { log.info('hi'); }");
        cdp("functions", "deploy", fn.toString(), "--workspace", workspace, "--source", "web");
        assertThat(cdp("functions", "logs", "noisy", "--workspace", workspace).out()).contains("No log entries");

        String id = cdp("functions", "list", "--workspace", workspace, "--json").out().replaceAll("(?s).*\"id\" : \"(fn_[a-z0-9]+)\".*", "$1");
        try (RedisClient redis = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT)) {
            new FunctionLogStore(redis, 10).record(id, 1, "msg-42", new FunctionResult(FunctionResult.Outcome.DROPPED,
                    List.of(), null, List.of(new LogEntry(Instant.now(), "info", "hello from the rotor")), List.of(),
                    Duration.ZERO));
        }
        CdpRun logs = cdp("functions", "logs", "noisy", "--workspace", workspace);
        assertThat(logs.exitCode()).isZero();
        assertThat(logs.out()).contains("info  hello from the rotor", "message msg-42", "v1");

        CdpRun unknown = cdp("functions", "logs", "nope", "--workspace", workspace);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.err()).contains("has no function 'nope'", "cdp functions list");
    }

    @Test
    void helpListsExamplesAndExitCodes() {
        CdpRun help = cdp("functions", "deploy", "--help");
        assertThat(help.out()).contains("Deploy a function", "Examples:", "Exit codes:", "--source");
    }
}
