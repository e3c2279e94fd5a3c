package io.cdp.server.ingest;

import static io.cdp.server.ingest.IngestTestKit.json;
import static io.cdp.server.ingest.IngestTestKit.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies built to hurt a parser or what stores its output: each is refused with a 400 or a 413
 * that says why (and names the field where there is one), never a 5xx. Real Jetty and services.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HostileInputTest {
    private static final TestApp TEST = TestApp.named("hostile");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,api");

    private static String key;

    @BeforeAll
    static void createKey() throws Exception {
        key = IngestTestKit.createKey(APP.getLocalPort(), TEST.token(), TestServices.uniqueName("hostile"), Map.of());
    }

    /** name, path, body, extra headers, expected status, text the error must contain, field (or null). */
    static Stream<Arguments> hostileBodies() throws Exception {
        String track = "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"properties\":";
        return Stream.of(
                Arguments.of("5,000-deep nesting", "/v1/track", utf8(track + "[".repeat(5000) + "]".repeat(5000) + "}"),
                        List.of(), 400, "nesting depth", null),
                Arguments.of("a 5,000-digit number", "/v1/track", utf8(track + "{\"n\":" + "9".repeat(5000) + "}}"),
                        List.of(), 400, "Number value length", null),
                Arguments.of("a number beyond a double", "/v1/track", utf8(track + "{\"n\":1e400}}"),
                        List.of(), 400, "out of range", "properties.n"),
                Arguments.of("a string longer than the event limit", "/v1/track",
                        utf8(track + "{\"s\":\"" + "x".repeat(200 * 1024) + "\"}}"), List.of(), 413, "limit", null),
                Arguments.of("a 2,000-character field name", "/v1/track",
                        utf8(track + "{\"" + "n".repeat(2000) + "\":1}}"), List.of(), 400, "Name length", null),
                Arguments.of("5,000 fields in one object", "/v1/track", utf8(track + manyFields(5000) + "}"),
                        List.of(), 400, "5000 fields", "properties"),
                Arguments.of("bytes that are not UTF-8", "/v1/track", concat(utf8(track + "{\"s\":\""),
                        new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"}}")), List.of(), 400, "UTF-8", null),
                Arguments.of("a raw NUL byte", "/v1/track", utf8(track + "{\"s\":\"a\u0000b\"}}"),
                        List.of(), 400, "malformed JSON", null),
                Arguments.of("an escaped NUL", "/v1/track", utf8(track + "{\"s\":\"a\\u0000b\"}}"),
                        List.of(), 400, "NUL", "properties.s"),
                Arguments.of("an escaped NUL in a name", "/v1/track", utf8(track + "{\"a\\u0000\":1}}"),
                        List.of(), 400, "NUL", "properties.a\u0000"),
                Arguments.of("a lone surrogate", "/v1/track", utf8(track + "{\"s\":\"\\ud800\"}}"),
                        List.of(), 400, "surrogate", "properties.s"),
                Arguments.of("a gzip bomb (declared)", "/v1/batch", gzipOfZeros(64 * 1024 * 1024),
                        List.of("Content-Encoding", "gzip"), 413, "limit", null),
                Arguments.of("a gzip bomb (undeclared)", "/v1/batch", gzipOfZeros(64 * 1024 * 1024),
                        List.of(), 413, "limit", null),
                Arguments.of("gzip that is cut short", "/v1/track", cut(IngestTestKit.gzip(utf8(track + "{}}"))),
                        List.of(), 400, "gzip", null),
                Arguments.of("an empty body", "/v1/track", new byte[0], List.of(), 400, "empty", null),
                Arguments.of("deep nesting in a batch", "/v1/batch",
                        utf8("{\"batch\":[" + track + "[".repeat(3000) + "]".repeat(3000) + "}]}"),
                        List.of(), 400, "nesting depth", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void isRefusedWithTheReasonAndNever5xx(String name, String path, byte[] body, List<String> headers, int status,
                                          String reason, String field) throws Exception {
        String[] all = Stream.concat(Stream.of("Authorization", IngestTestKit.basic(key),
                "Content-Type", "text/plain"), headers.stream()).toArray(String[]::new);
        HttpResponse<String> answer = post(APP.getLocalPort(), path, body, all);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(json(answer).path("error").asText()).as(answer.body()).containsIgnoringCase(reason);
        if (field != null) {
            assertThat(json(answer).path("field").asText()).isEqualTo(field);
        }
        if (status == 413) {
            // The body was left unread: a client must not send its next request down this connection.
            assertThat(answer.headers().firstValue("Connection")).hasValue("close");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String manyFields(int count) {
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            object.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        return object.append('}').toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] gzipOfZeros(int size) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[64 * 1024];
            for (int written = 0; written < size; written += zeros.length) {
                zip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    private static byte[] cut(byte[] gzip) {
        return java.util.Arrays.copyOf(gzip, gzip.length / 2);
    }
}
