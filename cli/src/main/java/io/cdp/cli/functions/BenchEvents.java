package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.FunctionRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic, realistic Segment events for the benchmark suite (track, page, identify with
 * user agents, page URLs with UTM parameters, camelCase properties, emails), about 700 bytes each.
 */
final class BenchEvents {
    private static final String[] AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"};
    private static final String[] EVENTS = {"Product Viewed", "Added To Cart", "Order Completed", "Signed Up"};
    private static final String[] CAMPAIGNS = {"spring_sale", "retargeting", "newsletter"};

    private BenchEvents() {
    }

    static List<String> generate(int count, long seed) {
        Random random = new Random(seed);
        List<String> events = new ArrayList<>(count);
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            ObjectNode event = FunctionRuntime.mapper().createObjectNode();
            int kind = random.nextInt(10);
            String type = kind < 6 ? "track" : kind < 9 ? "page" : "identify";
            String timestamp = start.plusSeconds(random.nextInt(30 * 86_400)).toString();
            event.put("type", type)
                    .put("messageId", "msg-" + seed + "-" + i)
                    .put("anonymousId", "anon-" + random.nextInt(5000))
                    .put("userId", random.nextBoolean() ? "user-" + random.nextInt(2000) : null)
                    .put("timestamp", timestamp)
                    .put("receivedAt", timestamp)
                    .put("sentAt", timestamp);
            if (type.equals("track")) {
                event.put("event", EVENTS[random.nextInt(EVENTS.length)]);
            }
            ObjectNode properties = event.putObject("properties");
            properties.put("productId", "sku-" + random.nextInt(900))
                    .put("productName", "  Product " + random.nextInt(900) + " ")
                    .put("revenue", Math.round(random.nextDouble() * 20000) / 100.0)
                    .put("currency", "EUR")
                    .put("quantity", 1 + random.nextInt(4))
                    .put("cardNumber", random.nextInt(10) == 0 ? "4111111111111111" : null);
            ObjectNode traits = event.putObject("traits");
            traits.put("email", "  User" + random.nextInt(2000) + "@Example" + random.nextInt(9) + ".COM ")
                    .put("plan", random.nextBoolean() ? "pro" : "free");
            ObjectNode context = event.putObject("context");
            context.put("userAgent", AGENTS[random.nextInt(AGENTS.length)])
                    .put("ip", "203.0." + random.nextInt(255) + "." + random.nextInt(255))
                    .put("locale", "en-US");
            context.putObject("page")
                    .put("url", "https://shop.example.com/products/" + random.nextInt(900)
                            + "?utm_source=google&utm_campaign=" + CAMPAIGNS[random.nextInt(CAMPAIGNS.length)]
                            + "&utm_medium=cpc&ref=" + random.nextInt(100))
                    .put("title", "Product page")
                    .put("referrer", "https://www.google.com/");
            context.putObject("library").put("name", "analytics.js").put("version", "2.11.1");
            events.add(event.toString());
        }
        return events;
    }
}
