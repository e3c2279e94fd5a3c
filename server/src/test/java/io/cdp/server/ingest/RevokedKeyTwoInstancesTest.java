package io.cdp.server.ingest;

import static io.cdp.server.ingest.IngestTestKit.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApps;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes share PostgreSQL and Redis, as two ingest instances behind a load
 * balancer. Both have warm caches with a 10-minute TTL; a revocation through one of them must be
 * refused by both right away, which only the Redis pub/sub invalidation can achieve.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RevokedKeyTwoInstancesTest {
    private static final String TOKEN = "revoke-test-admin-token";
    private static final String DATABASE = TestServices.createMigratedDatabase("revoke");
    private static final String TOPICS = TestServices.uniqueName("revoke");
    private static final DropwizardAppExtension<CdpConfiguration> FIRST = app();
    private static final DropwizardAppExtension<CdpConfiguration> SECOND = app();

    private static DropwizardAppExtension<CdpConfiguration> app() {
        return TestApps.app(DATABASE, TOPICS, TOKEN, "ingest.keyCacheTtl", "10m", "ingest.keyRedisTtl", "10m");
    }

    private static Map<String, Object> event() {
        return Map.of("userId", "u-1", "event", "Clicked", "messageId", UUID.randomUUID().toString());
    }

    @Test
    void aKeyRevokedThroughOneInstanceIsRefusedByBoth() throws Exception {
        var created = IngestTestKit.createKeyAnswer(FIRST.getLocalPort(), TOKEN, TestServices.uniqueName("two"),
                Map.of());
        String key = created.get("key").asText();
        assertThat(send(FIRST.getLocalPort(), "/v1/track", key, event()).statusCode()).isEqualTo(200);
        assertThat(send(SECOND.getLocalPort(), "/v1/track", key, event()).statusCode()).isEqualTo(200);

        String id = created.get("id").asText();
        HttpResponse<String> revoked = IngestTestKit.post(FIRST.getLocalPort(), "/api/v1/keys/" + id + "/revoke",
                "{}".getBytes(), "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

        assertRefusedSoon(FIRST.getLocalPort(), key);
        assertRefusedSoon(SECOND.getLocalPort(), key);
    }

    /** Polls until 401, with a deadline far below the 10-minute cache TTL. */
    private static void assertRefusedSoon(int port, String key) throws Exception {
        Instant deadline = Instant.now().plus(IngestTestKit.DEADLINE);
        HttpResponse<String> response = send(port, "/v1/track", key, event());
        while (response.statusCode() != 401 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            response = send(port, "/v1/track", key, event());
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains("revoked");
    }
}
