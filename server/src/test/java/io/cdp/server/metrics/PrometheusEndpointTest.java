package io.cdp.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestClickHouse;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole server (every role) on the local services: an event sent to the HTTP API moves the
 * {@code cdp_ingest_*}, {@code cdp_rotor_*} and {@code cdp_bulker_*} series that the admin port's
 * {@code /prometheus} serves, read as Prometheus would read them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PrometheusEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TestApp TEST = TestApp.named("prometheus");
    @RegisterExtension
    static final TestClickHouse CLICKHOUSE = TestClickHouse.migrated("prometheus_ch");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.pipelineInto(CLICKHOUSE,
            "bulker.consumerGroup", "cdp-bulker-" + TEST.topics());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anEventThroughThePipelineMovesTheIngestRotorAndBulkerSeries() throws Exception {
        String workspace = TestServices.uniqueName("ws");
        String key = IngestTestKit.createKeyAnswer(APP.getLocalPort(), TEST.token(), workspace,
                Map.of()).get("key").asText();
        HttpResponse<String> deployed = IngestTestKit.post(APP.getLocalPort(), "/api/v1/functions",
                EventJson.toBytes(Map.of("workspace", workspace, "name", "tag", "source", "web",
                        "code", "export default function (event) { event.tagged = true; return event; }")),
                "Authorization", "Bearer " + TEST.token(), "Content-Type", "application/json");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        String function = EventJson.MAPPER.readTree(deployed.body()).path("function").path("id").asText();
        assertThat(function).as(deployed.body()).isNotEmpty();
        PrometheusText before = scrape();
        assertThat(before.text()).contains("# TYPE cdp_ingest_events_accepted_total counter");

        HttpResponse<String> answer = IngestTestKit.send(APP.getLocalPort(), "/v1/track", key, Map.of(
                "messageId", "prometheus-" + UUID.randomUUID(), "event", "Viewed", "anonymousId", "visitor-1"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        PrometheusText after = Eventually.await(WAIT, "the event counted by ingest, rotor and bulker",
                PrometheusEndpointTest::scrape,
                text -> text.sum("cdp_bulker_rows_stored_total", "destination=\"clickhouse\"")
                        > before.sum("cdp_bulker_rows_stored_total", "destination=\"clickhouse\""));
        assertThat(after.sum("cdp_ingest_events_accepted_total"))
                .isEqualTo(before.sum("cdp_ingest_events_accepted_total") + 1);
        assertThat(after.sum("cdp_ingest_request_seconds_count", "kind=\"single\"")).isGreaterThanOrEqualTo(1);
        String ofFunction = "function=\"" + function + "\"";
        assertThat(after.sum("cdp_rotor_function_calls_total", ofFunction)).isEqualTo(1);
        assertThat(after.sum("cdp_rotor_function_duration_seconds_count", ofFunction)).isEqualTo(1);
        assertThat(after.sum("cdp_bulker_rows_stored_total", "destination=\"clickhouse\"", "table=\"events\""))
                .isEqualTo(before.sum("cdp_bulker_rows_stored_total", "destination=\"clickhouse\"") + 1);
        assertThat(after.text()).contains("cdp_consumer_records_lag_max{group=\"cdp-rotor-" + TEST.topics() + "\"}",
                "cdp_consumer_records_lag_max{group=\"cdp-bulker-" + TEST.topics() + "-clickhouse\"}");
    }

    private static PrometheusText scrape() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            return new PrometheusText(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A scrape in Prometheus' text format: {@code name{label="value",...} number} per sample line. */
    private record PrometheusText(String text) {
        /** The sum of the samples named {@code name} whose labels contain every one of {@code labels}. */
        double sum(String name, String... labels) {
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                int brace = series.indexOf('{');
                String sampleName = brace < 0 ? series : series.substring(0, brace);
                String sampleLabels = brace < 0 ? "" : series.substring(brace);
                boolean matches = sampleName.equals(name);
                for (String label : labels) {
                    matches &= sampleLabels.contains(label);
                }
                if (matches) {
                    sum += Double.parseDouble(line.substring(space + 1));
                }
            }
            return sum;
        }
    }
}
