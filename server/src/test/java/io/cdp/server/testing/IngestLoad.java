package io.cdp.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.event.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that send batches of new events to a server as SDKs do: a batch that is not answered
 * 2xx (503, a refused connection, a server that is being restarted) is sent again, whole, after a
 * pause, until it is. Every event the server acknowledged is remembered: all of a 2xx batch, and
 * the events a partial 503 says were taken. Thread-safe.
 *
 * <pre>{@code
 * try (IngestLoad load = IngestLoad.start(port, key, 4, 25, "run1", Duration.ofMillis(50))) {
 *     ... break things ...
 * }
 * assertThat(stored).containsAll(load.acknowledged());
 * }</pre>
 */
public final class IngestLoad implements AutoCloseable {
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final String authorization;
    private final int batchSize;
    private final String prefix;
    private final long paceMillis;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong answered2xx = new AtomicLong();
    private final AtomicLong answered503 = new AtomicLong();
    /** Requests that got no answer at all (connection refused or reset), or another status. */
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    private IngestLoad(int port, String key, int batchSize, String prefix, Duration pace) {
        this.paceMillis = pace.toMillis();
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        this.batchSize = batchSize;
        this.prefix = prefix;
    }

    /**
     * Starts {@code clients} threads, each sending batches of {@code batchSize} events with ids
     * {@code prefix-client-n}, and pausing {@code pace} after each acknowledged batch.
     */
    public static IngestLoad start(int port, String key, int clients, int batchSize, String prefix, Duration pace) {
        IngestLoad load = new IngestLoad(port, key, batchSize, prefix, pace);
        for (int client = 0; client < clients; client++) {
            int number = client;
            Thread thread = new Thread(() -> load.run(number), "ingest-load-" + client);
            thread.setDaemon(true);
            load.clients.add(thread);
            thread.start();
        }
        return load;
    }

    /** Message ids the server answered 2xx for (or said were taken in a partial 503). */
    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Requests answered 503 (Kafka or the spool could not take their events). */
    public long answered503() {
        return answered503.get();
    }

    /** Forgets the request latencies measured so far (after a warm-up). */
    public void resetLatencies() {
        latencies.clear();
    }

    /** Latencies in milliseconds of the 2xx requests since the last reset, sorted. */
    public double[] latenciesMillis() {
        return latencies.stream().mapToLong(Long::longValue).sorted().mapToDouble(nanos -> nanos / 1e6).toArray();
    }

    @Override
    public String toString() {
        return acknowledged.size() + " events acknowledged; " + answered2xx + " batches 2xx, " + answered503
                + " 503, " + failed + " without an answer";
    }

    private void run(int client) {
        long sequence = 0;
        while (running) {
            List<Map<String, Object>> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("type", "track");
                event.put("event", "Load");
                event.put("anonymousId", "visitor-" + client + "-" + (sequence % 50));
                event.put("messageId", prefix + "-" + client + "-" + sequence++);
                event.put("properties", Map.of("client", client));
                batch.add(event);
            }
            byte[] body = EventJson.toBytes(Map.of("batch", batch));
            // Until it is answered 2xx, or the load stops (an unanswered batch counts for nothing).
            while (running && !send(body, batch)) {
                pause(RETRY_PAUSE.toMillis());
            }
            pause(paceMillis);
        }
    }

    /** True when the whole batch is acknowledged (some events of it may have been taken by an earlier try). */
    private boolean send(byte[] body, List<Map<String, Object>> batch) {
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException noAnswer) {
            failed.incrementAndGet();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        if (response.statusCode() / 100 == 2) {
            latencies.add(System.nanoTime() - started);
            answered2xx.incrementAndGet();
            batch.forEach(event -> acknowledged.add((String) event.get("messageId")));
            return true;
        }
        if (response.statusCode() == 503) {
            answered503.incrementAndGet();
            takenOfPartial(response.body(), batch);
        } else {
            failed.incrementAndGet();
        }
        return false;
    }

    /** A 503 with per-event results: every event not listed as unavailable was taken. */
    private void takenOfPartial(String body, List<Map<String, Object>> batch) {
        JsonNode answer;
        try {
            answer = EventJson.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return;
        }
        if (!answer.path("unavailable").isArray()) {
            return;
        }
        Set<Integer> notTaken = new HashSet<>();
        answer.get("unavailable").forEach(entry -> notTaken.add(entry.path("index").asInt()));
        Set<Integer> rejected = new HashSet<>();
        answer.path("rejected").forEach(entry -> rejected.add(entry.path("index").asInt()));
        for (int index = 0; index < batch.size(); index++) {
            if (!notTaken.contains(index) && !rejected.contains(index)) {
                acknowledged.add((String) batch.get(index).get("messageId"));
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the clients (a batch in flight is finished or dropped) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(40));
        }
    }
}
