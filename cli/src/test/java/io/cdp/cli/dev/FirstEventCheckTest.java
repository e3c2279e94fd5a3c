package io.cdp.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code cdp dev up --with-server} prints last, against a server running every role: the
 * first event is seen in the demo workspace's own events table, and the query printed shows it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FirstEventCheckTest {
    private static final String TOKEN = "first-event-test-admin-token";
    private static final TestApps.Pipeline PIPELINE = TestApps.pipeline("firstevent", TOKEN);
    private static final DropwizardAppExtension<CdpConfiguration> APP = PIPELINE.app();
    private static final String CLICKHOUSE = PIPELINE.clickHouseDatabase();

    @AfterAll
    static void dropClickHouse() {
        TestServices.dropClickHouseDatabase(CLICKHOUSE);
    }

    @Test
    void theFirstEventIsFoundInTheDemoWorkspacesTableAndThePrintedQueryShowsIt() throws Exception {
        DevSettings settings = DevSettings.from(Map.of(DevSettings.SERVER_PORT, String.valueOf(APP.getLocalPort()),
                DevSettings.CLICKHOUSE_HTTP_PORT, String.valueOf(URI.create(TestServices.CLICKHOUSE_URL).getPort())));
        StringWriter text = new StringWriter();
        new DemoKeyStep(Map.of("CDP_ADMIN_TOKEN", TOKEN, "CDP_CLICKHOUSE_DATABASE", CLICKHOUSE))
                .run(settings, new PrintWriter(text, true));
        String output = text.toString();
        assertThat(output).containsPattern("first event: in ClickHouse " + CLICKHOUSE + "\\.events__ws_[a-z0-9]{16} after");

        String query = output.lines().filter(line -> line.contains("--data-binary")).findFirst().orElseThrow();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Process process = new ProcessBuilder("sh", "-c", query.strip()).redirectErrorStream(true).start();
        String answer = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        assertThat(answer).contains("CDP Dev Up", "user-1");
    }
}
