package io.cdp.cli;

import io.cdp.cli.command.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `cdp dlq` against a real server whose dead-letter topic holds letters written by the real producer. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DlqCommandTest {
    private static final TestApp TEST = TestApp.named("clidlq");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app();
    private static final Instant OLD = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);


    private static CdpRun cdp(String... args) {
        return CdpRun.against(APP.getLocalPort(), TEST.token(), args);
    }

    @BeforeAll
    static void writeDeadLetters() {
        // The workspace the ingest letter belongs to: its replay is checked against the workspace's schema.
        try (var connection = java.sql.DriverManager.getConnection(TestServices.jdbcUrl(TEST.database()), TestServices.PG_USER, "");
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO workspaces (id, name) VALUES ('ws_cli', 'ws_cli')");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        var kafka = TestServices.kafkaConfig(TEST.topics());
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.producer(kafka, "dlq-cli-test"))) {
            DeadLetterProducer letters = new DeadLetterProducer(producer, kafka.topics().dlq());
            // Five bulker letters a day old, a minute apart, stored at the time they failed
            // (first: Kafka timestamps grow with the offsets, as on a real dead-letter topic).
            for (int i = 0; i < 5; i++) {
                Instant failedAt = OLD.plus(i, ChronoUnit.MINUTES);
                DeadLetter old = new DeadLetter(DeadLetter.Stage.BULKER, DeadLetter.Reasons.SCHEMA_CONFLICT, "f",
                        "old", null, null, "ws_cli", "src_cli", "m-old-" + i, failedAt, 0,
                        EventJson.MAPPER.createObjectNode().put("type", "track").put("messageId", "m-old-" + i));
                producer.send(new ProducerRecord<>(kafka.topics().dlq(), i % 3, failedAt.toEpochMilli(), "k",
                        EventJson.toBytes(old)));
            }
            ObjectNode raw = EventJson.MAPPER.createObjectNode().put("type", "track").put("event", "Order Completed")
                    .put("messageId", "m-cli-1").put("anonymousId", "a-1");
            raw.putObject("properties").put("total", "12.50");
            letters.send(new DeadLetter(DeadLetter.Stage.INGEST, DeadLetter.Reasons.SCHEMA_CONFLICT, "properties_total",
                    "properties_total is float in this workspace, got string", null, null, "ws_cli", "src_cli",
                    "m-cli-1", Instant.now(), 0, raw), "a-1").join();
            producer.flush();
        }
    }

    @Test
    void listPagesWithTheCursorAndAllWalksEveryPage() {
        CdpRun first = cdp("dlq", "list", "--stage", "bulker", "--limit", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("m-old-4", "m-old-3", "2 letter(s)", "More letters: add --cursor ")
                .doesNotContain("m-old-2");
        String cursor = first.out().replaceAll("(?s).*--cursor (\\S+) .*", "$1");
        CdpRun second = cdp("dlq", "list", "--stage", "bulker", "--limit", "2", "--cursor", cursor);
        assertThat(second.out()).contains("m-old-2", "m-old-1").doesNotContain("m-old-3", "m-old-0");

        CdpRun all = cdp("dlq", "list", "--stage", "bulker", "--limit", "2", "--all");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("m-old-0", "m-old-4", "5 letter(s) in 3 page(s)").doesNotContain("More letters");
    }

    @Test
    void sinceAndUntilNarrowListAndReplayWhichShowsProgress() {
        String since = OLD.plus(1, ChronoUnit.MINUTES).toString();
        String until = OLD.plus(3, ChronoUnit.MINUTES).toString();
        CdpRun list = cdp("dlq", "list", "--since", since, "--until", until);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("m-old-1", "m-old-2", "2 letter(s)").doesNotContain("m-old-0", "m-old-3", "m-cli-1");

        CdpRun replay = cdp("dlq", "replay", "--all", "--stage", "bulker", "--until", OLD.plus(1, ChronoUnit.HOURS).toString(),
                "--page-size", "2");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("... page 1: 2 replayed, 0 skipped so far", "... page 2: 4 replayed",
                "Replayed 5 letter(s) (3 pages).");

        CdpRun badTime = cdp("dlq", "list", "--since", "yesterday");
        assertThat(badTime.exitCode()).isEqualTo(ExitCodes.USAGE);
        CdpRun backwards = cdp("dlq", "list", "--since", until, "--until", since);
        assertThat(backwards.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(backwards.err()).contains("since must be before until");
    }

    @Test
    void listShowsTheLetterWithItsReasonAndField() {
        CdpRun list = cdp("dlq", "list", "--stage", "ingest");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("ID", "REASON", "schema_conflict", "properties_total", "m-cli-1", "1 letter(s)");

        CdpRun filtered = cdp("dlq", "list", "--stage", "rotor");
        assertThat(filtered.out()).contains("No dead letters match these filters.");
    }

    @Test
    void showPrintsTheWholeLetterAndReplayPutsItThroughIngestsChecks() {
        String id = cdp("dlq", "list", "--stage", "ingest", "--json").out().replaceAll("(?s).*\"id\" : \"([0-9]+-[0-9]+)\".*", "$1");
        CdpRun show = cdp("dlq", "show", id);
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("\"Order Completed\"", "\"12.50\"", "\"stage\" : \"ingest\"");

        CdpRun replay = cdp("dlq", "replay", id);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("Replayed 1 letter(s).");
    }

    @Test
    void mistakesSayWhatToDo() {
        CdpRun badId = cdp("dlq", "show", "not-an-id");
        assertThat(badId.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(badId.err()).contains("not a dead-letter id", "cdp dlq list", "HTTP 400");

        CdpRun missing = cdp("dlq", "show", "0-999999");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(missing.err()).contains("HTTP 404");

        CdpRun nothing = cdp("dlq", "replay");
        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);

        CdpRun unknownWorkspace = cdp("dlq", "list", "--workspace", "no-such-workspace");
        assertThat(unknownWorkspace.exitCode()).isEqualTo(ExitCodes.REFUSED);
    }

    @Test
    void statsEndpointCountsTheDeadLetterTopicAndNeedsTheToken() throws Exception {
        var client = new io.cdp.client.ManagementClient(new io.cdp.client.ClientSettings(
                java.net.URI.create("http://127.0.0.1:" + APP.getLocalPort()), TEST.token(), null));
        assertThat(client.stats().path("topics").path(TEST.topic("events.dlq")).asLong()).isGreaterThanOrEqualTo(1);

        var stranger = new io.cdp.client.ManagementClient(new io.cdp.client.ClientSettings(
                java.net.URI.create("http://127.0.0.1:" + APP.getLocalPort()), "wrong-token-0000000", null));
        org.assertj.core.api.Assertions.assertThatThrownBy(stranger::stats)
                .isInstanceOf(io.cdp.client.ApiException.class)
                .satisfies(e -> assertThat(((io.cdp.client.ApiException) e).status()).isEqualTo(401));
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("list", "show", "replay")) {
            CdpRun help = CdpRun.of("dlq", command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Examples:", "./cdp dlq " + command);
        }
        CdpRun help = CdpRun.of("dashboard", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("terminal dashboard", "./cdp dashboard --refresh 5");
    }
}
