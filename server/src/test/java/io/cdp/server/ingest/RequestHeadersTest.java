package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
    private static MultivaluedMap<String, String> request(Object... namesAndValues) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value instanceof List<?> list) {
                list.forEach(item -> headers.add(name, (String) item));
            } else {
                headers.add(name, (String) value);
            }
        }
        return headers;
    }

    @Test
    void namesAreLowerCaseAndRepeatedValuesJoinedWithCommas() {
        Map<String, String> headers = RequestHeaders.of(request("User-Agent", "curl/8.5", "Accept-Language",
                List.of("en", "de;q=0.8"), "X-Forwarded-For", "203.0.113.7"));
        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of("user-agent", "curl/8.5",
                "accept-language", "en,de;q=0.8", "x-forwarded-for", "203.0.113.7"));
    }

    @Test
    void credentialsAndSessionsAreLeftOutAndTheWriteKeyIsMasked() {
        String key = "cdp_wk_0123456789abcdefghijklmnopqrstuv";
        Map<String, String> headers = RequestHeaders.of(request("Authorization", "Basic Y2RwX3drXzAxMjM6",
                "Proxy-Authorization", "Basic eDp5", "Cookie", "session=abc", "X-Write-Key", key,
                "Referer", "https://shop.example.com/"));
        assertThat(headers).containsOnlyKeys("x-write-key", "referer");
        assertThat(headers.get("x-write-key")).isNotEqualTo(key).endsWith("…");
        assertThat(key).startsWith(headers.get("x-write-key").replace("…", ""));
    }

    @Test
    void theSetIsBoundedInCountValueLengthAndTotalSize() {
        MultivaluedMap<String, String> many = new MultivaluedHashMap<>();
        for (int i = 0; i < 100; i++) {
            many.add(String.format("X-H%03d", i), "v");
        }
        assertThat(RequestHeaders.of(many)).hasSize(RequestHeaders.MAX_HEADERS).containsKey("x-h000")
                .doesNotContainKey("x-h099");

        Map<String, String> longValue = RequestHeaders.of(request("X-Huge", "a".repeat(RequestHeaders.MAX_VALUE_CHARS + 1),
                "X-Name-" + "n".repeat(RequestHeaders.MAX_NAME_CHARS), "v", "X-Small", "ok"));
        assertThat(longValue).containsOnlyKeys("x-small");

        MultivaluedMap<String, String> big = new MultivaluedHashMap<>();
        for (int i = 0; i < 10; i++) {
            big.add("X-Big-" + i, "b".repeat(RequestHeaders.MAX_VALUE_CHARS - 10));
        }
        Map<String, String> bounded = RequestHeaders.of(big);
        int bytes = bounded.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        assertThat(bytes).isLessThanOrEqualTo(RequestHeaders.MAX_TOTAL_BYTES);
        assertThat(bounded).hasSize(4);
    }

    @Test
    void noHeadersIsAnEmptyMap() {
        assertThat(RequestHeaders.of(null)).isEmpty();
        assertThat(RequestHeaders.of(new MultivaluedHashMap<>())).isEmpty();
    }
}
