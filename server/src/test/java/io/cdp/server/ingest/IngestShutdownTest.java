package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.DropwizardTestSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A clean stop loses no accepted event: the server answers 200 before Kafka acknowledges
 * (fire-and-forget), and stopping it right after must still deliver every accepted event.
 */
class IngestShutdownTest {
    private static final String TOKEN = "shutdown-test-admin-token";

    @Test
    void everyAcceptedEventIsOnKafkaAfterAStop() throws Exception {
        String database = TestServices.createMigratedDatabase("stop");
        String topics = TestServices.uniqueName("stop");
        DropwizardTestSupport<CdpConfiguration> app = TestApps.server(database, topics, TOKEN);
        app.before();
        List<String> accepted = new ArrayList<>();
        try {
            String key = IngestTestKit.createKey(app.getLocalPort(), TOKEN, TestServices.uniqueName("stop"),
                    Map.of("tier", "pro"));
            for (int request = 0; request < 5; request++) {
                List<Object> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Map<String, Object> event = new HashMap<>();
                    String messageId = UUID.randomUUID().toString();
                    event.put("type", "track");
                    event.put("event", "Clicked");
                    event.put("anonymousId", "anon-" + (i % 7));
                    event.put("messageId", messageId);
                    batch.add(event);
                    accepted.add(messageId);
                }
                JsonNode answer = IngestTestKit.json(IngestTestKit.send(app.getLocalPort(), "/v1/batch", key,
                        Map.of("batch", batch)));
                assertThat(answer.get("accepted").asInt()).as("%s", answer).isEqualTo(200);
            }
        } finally {
            app.after();
        }

        try (IngestTestKit.TopicReader topic =
                     new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, "events.ingest." + topics)) {
            for (String messageId : accepted) {
                topic.awaitMessage(messageId);
            }
        }
    }
}
