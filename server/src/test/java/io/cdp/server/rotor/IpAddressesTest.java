package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventJson;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {
    private static ObjectNode event(String ip) {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.putObject("context").put("ip", ip);
        return event;
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.77, 203.0.113.0",
            "10.1.2.3, 10.1.2.0",
            "2001:db8:85a3:1234:5678:8a2e:370:7334, 2001:db8:85a3:0:0:0:0:0",
            "not-an-ip, ''"})
    void reduceKeepsTheNetworkPart(String ip, String reduced) {
        ObjectNode event = event(ip);
        IpAddresses.apply(RotorConfig.IpPolicy.REDUCE, event);
        assertThat(event.at("/context/ip").asText()).isEqualTo(reduced);
    }

    @Test
    void removeDeletesAndKeepLeavesIt() {
        ObjectNode removed = event("1.2.3.4");
        IpAddresses.apply(RotorConfig.IpPolicy.REMOVE, removed);
        assertThat(removed.path("context").has("ip")).isFalse();
        ObjectNode kept = event("1.2.3.4");
        IpAddresses.apply(RotorConfig.IpPolicy.KEEP, kept);
        assertThat(kept.at("/context/ip").asText()).isEqualTo("1.2.3.4");
    }

    @Test
    void eventsWithoutContextAreLeftAlone() {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("type", "track");
        IpAddresses.apply(RotorConfig.IpPolicy.REDUCE, event);
        assertThat(event.toString()).isEqualTo("{\"type\":\"track\"}");
    }

    @Test
    void retryBackoffDoublesUpToTheMaximumAndRunsOut() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(25));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(policy.due(now, 0)).isEqualTo(now.plusSeconds(10));
        assertThat(policy.due(now, 1)).isEqualTo(now.plusSeconds(20));
        assertThat(policy.due(now, 2)).isEqualTo(now.plusSeconds(25));
        assertThat(policy.exhausted(2)).isFalse();
        assertThat(policy.exhausted(3)).isTrue();
    }
}
