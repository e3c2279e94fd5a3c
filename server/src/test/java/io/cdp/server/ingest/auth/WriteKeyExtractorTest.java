package io.cdp.server.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventJson;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class WriteKeyExtractorTest {
    private static HttpHeaders headers(Map<String, String> values) {
        HttpHeaders headers = Mockito.mock(HttpHeaders.class);
        values.forEach((name, value) -> Mockito.when(headers.getHeaderString(name)).thenReturn(value));
        return headers;
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthUserNameIsTheKeyWithOrWithoutPassword() {
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", basic("cdp_wk_a:")))))
                .contains("cdp_wk_a");
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", basic("cdp_wk_b")))))
                .contains("cdp_wk_b");
    }

    @Test
    void anIdSecretKeyIsTheBasicUserNameOrTheUserNameAndPassword() {
        for (String credentials : new String[] {"key_1:cdp_wk_s:", "key_1:cdp_wk_s"}) {
            assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", basic(credentials)))))
                    .as(credentials).contains("key_1:cdp_wk_s");
        }
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", basic("cdp_wk_a:password")))))
                .contains("cdp_wk_a");
    }

    @Test
    void xWriteKeyHeaderIsAccepted() {
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("X-Write-Key", " cdp_wk_c ")))).contains("cdp_wk_c");
    }

    @Test
    void brokenOrEmptyCredentialsMeanNoKey() {
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", "Basic %%%")))).isEmpty();
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of("Authorization", basic(":password"))))).isEmpty();
        assertThat(WriteKeyExtractor.fromHeaders(headers(Map.of()))).isEmpty();
    }

    @Test
    void bodyWriteKeyMustBeAString() {
        ObjectNode body = EventJson.MAPPER.createObjectNode().put("writeKey", "cdp_wk_d");
        assertThat(WriteKeyExtractor.fromBody(body)).contains("cdp_wk_d");
        assertThat(WriteKeyExtractor.fromBody(EventJson.MAPPER.createObjectNode().put("writeKey", 5))).isEmpty();
        assertThat(WriteKeyExtractor.fromBody(null)).isEmpty();
    }
}
