package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.client.DemoKey;
import io.cdp.client.IngestClient;
import io.cdp.client.ServerUnreachableException;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.event.EventEnvelope;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Proves the whole pipeline on a fresh {@code cdp dev up --with-server}: sends one event with
 * the demo key and waits until it is queryable in ClickHouse (ingest → Kafka → rotor → Kafka →
 * bulker → ClickHouse), printing how long that took and the query to see it. The event lands in
 * the demo workspace's own table ({@link TenantTables}).
 */
final class FirstEventCheck {
    /** Generous: the first batch on a cold JVM also creates the event's columns. */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 250;

    private final Map<String, String> env;

    FirstEventCheck(Map<String, String> env) {
        this.env = env;
    }

    /** True when the event landed in time; the output says what to look at when it did not. */
    boolean run(DevSettings settings, DemoKey demo, PrintWriter out) {
        String messageId = "dev-up-" + UUID.randomUUID();
        IngestClient ingest = new IngestClient(URI.create(settings.serverUrl()), null);
        try {
            IngestClient.Answer answer = ingest.send(demo.key(), "track", Map.of(
                    "messageId", messageId, "userId", "user-1", "event", "CDP Dev Up",
                    "properties", Map.of("source", "cdp dev up")));
            if (!answer.ok()) {
                out.println("first event: refused with HTTP " + answer.status() + " " + answer.body());
                out.flush();
                return false;
            }
        } catch (ServerUnreachableException e) {
            out.println("first event: not sent (" + e.getMessage() + "); see ./cdp dev logs server");
            out.flush();
            return false;
        }
        out.println("first event: sent " + messageId + ", waiting for it in ClickHouse...");
        out.flush();
        String database = env.getOrDefault("CDP_CLICKHOUSE_DATABASE", "default");
        long started = System.nanoTime();
        try (ClickHouse clickHouse = new ClickHouse(settings.clickhouseUrl(),
                env.getOrDefault("CDP_CLICKHOUSE_USER", "default"), env.getOrDefault("CDP_CLICKHOUSE_PASSWORD", ""),
                database)) {
            String table = TenantTables.name(demo.workspaceId(), EventEnvelope.DEFAULT_TABLE);
            String query = "SELECT count() AS n FROM " + table + " FINAL WHERE message_id = '" + messageId + "'";
            while (System.nanoTime() - started < WAIT.toNanos()) {
                if (landed(clickHouse, query)) {
                    out.printf("first event: in ClickHouse %s.%s after %.1f s. See it:%n", database, table,
                            (System.nanoTime() - started) / 1e9);
                    out.println("  curl -sS '" + settings.clickhouseUrl() + "/?database=" + database
                            + "' --data-binary \"SELECT received_at, type, event, user_id FROM " + table + " FINAL"
                            + " ORDER BY received_at DESC LIMIT 5 FORMAT PrettyCompact\"");
                    out.flush();
                    return true;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        out.println("first event: not in ClickHouse after " + WAIT.toSeconds() + " s. Look at ./cdp dlq list and"
                + " ./cdp dev logs server");
        out.flush();
        return false;
    }

    private static boolean landed(ClickHouse clickHouse, String query) {
        try {
            return clickHouse.query(query).stream().anyMatch(row -> row.path("n").asLong() > 0);
        } catch (RuntimeException notYet) {
            // The workspace's table is made by the bulker with its first batch; try again.
            return false;
        }
    }
}
