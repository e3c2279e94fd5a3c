package io.cdp.server.ingest;

import static io.cdp.server.ingest.IngestTestKit.post;
import static io.cdp.server.ingest.IngestTestKit.send;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Logging policy: every ingest request logs its metadata as fields, payloads are logged (here
 * on success too, the most revealing setting), and no raw write key ever reaches the log, on any
 * path: header, body, malformed body, unknown key, revoked key, key creation.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestLogMaskingTest {
    private static final TestApp TEST = TestApp.named("logs");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("ingest.logPayloadOnSuccess", "true",
            "ingest.logPayloadOnError", "true");


    @Test
    void noRawWriteKeyEverReachesTheLog() throws Exception {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        List<String> keys = new ArrayList<>();
        try {
            int port = APP.getLocalPort();
            JsonNode created = IngestTestKit.createKeyAnswer(port, TEST.token(), TestServices.uniqueName("logs"),
                    Map.of());
            String key = created.get("key").asText();
            keys.add(key);
            String anon = "anon-" + UUID.randomUUID();

            send(port, "/v1/track", key, Map.of("anonymousId", anon, "event", "Viewed"));
            post(port, "/v1/track", EventJson.toBytes(Map.of("anonymousId", anon, "event", "Body", "writeKey", key)),
                    "Content-Type", "application/json");
            post(port, "/v1/batch", EventJson.toBytes(Map.of("writeKey", key, "batch", List.of(
                    Map.of("type", "track", "anonymousId", anon, "event", "B", "writeKey", key),
                    Map.of("type", "track", "event", "no ids", "writeKey", key)))),
                    "Content-Type", "application/json");
            post(port, "/v1/track", EventJson.toBytes(Map.of("anonymousId", anon, "writeKey", key)),
                    "Content-Type", "application/json", "X-Write-Key", key);
            post(port, "/v1/track", ("{\"writeKey\": " + key + "}").getBytes(), "Content-Type", "application/json");
            String unknown = "cdp_wk_" + UUID.randomUUID().toString().replace("-", "");
            keys.add(unknown);
            send(port, "/v1/track", unknown, Map.of("anonymousId", anon, "event", "x"));
            post(port, "/api/v1/keys/" + created.get("id").asText() + "/revoke", "{}".getBytes(),
                    "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
            send(port, "/v1/track", key, Map.of("anonymousId", anon, "event", "after revoke"));
        } finally {
            root.detachAppender(captured);
        }

        List<String> lines = captured.list.stream().map(IngestLogMaskingTest::render).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            for (String key : keys) {
                assertThat(line).doesNotContain(key);
            }
        }
        List<ILoggingEvent> requests = captured.list.stream()
                .filter(event -> event.getLoggerName().equals("io.cdp.server.ingest.requests")).toList();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(8);
        ILoggingEvent accepted = requests.get(0);
        assertThat(accepted.getMDCPropertyMap()).containsKeys("workspace_id", "source_id", "message_id", "event_type",
                "duration_ms", "status_code").containsEntry("status_code", "200").containsEntry("event_type", "track");
        assertThat(accepted.getFormattedMessage()).contains("payload=", "Viewed");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("cdp_wk_", "…"));
        assertThat(requests).anySatisfy(event -> assertThat(event.getMDCPropertyMap())
                .containsEntry("status_code", "401").containsKey("write_key"));
    }

    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage()).append(' ')
                .append(event.getMDCPropertyMap());
        if (event.getThrowableProxy() != null) {
            text.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(' ').append(argument);
            }
        }
        return text.toString();
    }
}
