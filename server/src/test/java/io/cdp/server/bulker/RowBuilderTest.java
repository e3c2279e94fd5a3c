package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowBuilderTest {
    @Test
    void flattensTheEventAndTakesBaseColumnsFromTheEnvelope() {
        Row row = Rows.row("ws-1", "m-1", """
                {"type":"track","event":"Signed Up","anonymousId":"a-1","messageId":"client-id",
                 "properties":{"plan":{"name":"pro"},"seats":3},"sentAt":"2024-05-01T09:59:59.000Z",
                 "timestamp":"2024-05-01T09:59:58.000Z","workspace_id":"forged"}""");

        assertThat(row.columns()).containsKeys("event", "anonymous_id", "properties_plan_name", "properties_seats",
                "sent_at", "timestamp");
        assertThat(row.text("workspace_id")).isEqualTo("ws-1");
        assertThat(row.text("message_id")).isEqualTo("m-1");
        assertThat(row.text("source_id")).isEqualTo("src-1");
        assertThat(row.text("received_at")).isEqualTo("2024-05-01T10:00:00.250Z");
        assertThat(row.text("timestamp")).isEqualTo("2024-05-01T09:59:58.000Z");
    }

    @Test
    void eventTimeDefaultsToReceivedAtAndClientsCannotClaimStitching() {
        Row row = Rows.row("ws-1", "m-1", """
                {"type":"track","anonymousId":"a-1","_stitched":true,"userId":null}""");

        assertThat(row.text("timestamp")).isEqualTo(row.text("received_at"));
        assertThat(row.columns()).doesNotContainKey(BaseColumns.STITCHED);
    }

    @Test
    void requestHeadersOfTheEnvelopeNeverBecomeColumns() {
        var event = io.cdp.server.event.EventJson.MAPPER.createObjectNode().put("type", "track").put("anonymousId", "a-1");
        var envelope = io.cdp.server.event.EventEnvelope.ingested("ws-1", "src-1", "m-1", "track",
                java.time.Instant.parse("2024-05-01T10:00:00Z"),
                java.util.Map.of("user-agent", "curl/8", "x-request-id", "r-1"), event);

        Row row = RowBuilder.build(envelope, 100);

        assertThat(row.columns().keySet()).noneMatch(column -> column.contains("header") || column.contains("user_agent")
                || column.contains("request_id"));
        assertThat(row.columns()).containsKeys("type", "anonymous_id");
    }
}
