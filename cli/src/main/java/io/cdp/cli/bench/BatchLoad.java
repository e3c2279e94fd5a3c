package io.cdp.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of {@code cdp bench pipeline}: {@code clients} threads, each sending
 * {@code /v1/batch} requests of {@code batchEvents} events one after another, as many SDKs
 * flushing their queues at once. Every event has a message id of its own and carries, in
 * {@code properties.bench_phase} and {@code properties.bench_sent}, the phase and the time (epoch
 * ms) its batch was sent, so that ClickHouse itself can say when each event was written.
 */
final class BatchLoad {
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    /** What one phase sent: events accepted and batches refused, and the wall-clock ends of the phase. */
    record Sent(long accepted, long refusedBatches, long firstSendMillis, long lastAnswerMillis, String firstRefusal) {
        double acceptedPerSecond() {
            return accepted * 1000.0 / Math.max(1, lastAnswerMillis - firstSendMillis);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI batchUrl;
    private final String authorization;
    private final int clients;
    private final int batchEvents;

    BatchLoad(String serverUrl, String writeKey, int clients, int batchEvents) {
        this.batchUrl = URI.create(serverUrl + "/v1/batch");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":")
                .getBytes(StandardCharsets.UTF_8));
        this.clients = clients;
        this.batchEvents = batchEvents;
    }

    /**
     * Sends for {@code duration}: as fast as the server answers when {@code eventsPerSecond} is 0,
     * otherwise paced so that batch {@code n} (of all clients together) leaves at {@code n *
     * batchEvents / eventsPerSecond} seconds.
     */
    Sent send(String phase, Duration duration, double eventsPerSecond) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        StringBuilder firstRefusal = new StringBuilder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long firstSend = System.currentTimeMillis();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                running.add(threads.submit(() -> {
                    long sequence = 0;
                    while (true) {
                        long batch = batches.getAndIncrement();
                        if (eventsPerSecond > 0) {
                            long due = start + (long) (batch * batchEvents / eventsPerSecond * 1e9);
                            if (due >= end) {
                                return null;
                            }
                            sleepUntil(due);
                        } else if (System.nanoTime() >= end) {
                            return null;
                        }
                        HttpResponse<String> answer = post(body(phase, id, sequence));
                        sequence += batchEvents;
                        Matcher count = ACCEPTED.matcher(answer.body());
                        if (answer.statusCode() == 200 && count.find()) {
                            accepted.addAndGet(Long.parseLong(count.group(1)));
                        } else {
                            refused.incrementAndGet();
                            synchronized (firstRefusal) {
                                if (firstRefusal.isEmpty()) {
                                    firstRefusal.append(answer.statusCode()).append(' ').append(answer.body());
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return new Sent(accepted.get(), refused.get(), firstSend, System.currentTimeMillis(),
                firstRefusal.isEmpty() ? null : firstRefusal.toString());
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(batchUrl).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One batch: track events of a few hundred bytes, as a web SDK sends them. */
    private String body(String phase, int client, long firstSequence) {
        long sent = System.currentTimeMillis();
        StringBuilder body = new StringBuilder(batchEvents * 320).append("{\"batch\":[");
        for (int i = 0; i < batchEvents; i++) {
            long sequence = firstSequence + i;
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"type\":\"track\",\"event\":\"Product Viewed\",\"messageId\":\"").append(phase).append('-')
                    .append(client).append('-').append(sequence).append("\",\"anonymousId\":\"visitor-")
                    .append((client * 7919 + sequence) % 5000)
                    .append("\",\"properties\":{\"bench_phase\":\"").append(phase).append("\",\"bench_sent\":")
                    .append(sent).append(",\"product_id\":\"sku-").append(sequence % 997)
                    .append("\",\"price\":").append(sequence % 200).append(".5,\"currency\":\"EUR\"},")
                    .append("\"context\":{\"page\":{\"path\":\"/products/").append(sequence % 997)
                    .append("\",\"referrer\":\"https://www.example.com/\"},\"locale\":\"en-GB\"}}");
        }
        return body.append("]}").toString();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
