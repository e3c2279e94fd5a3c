package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.error.AppError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodyReaderTest {
    private static InputStream bytes(int size) {
        return new ByteArrayInputStream(new byte[size]);
    }

    @Test
    void readsUpToTheLimit() {
        assertThat(BodyReader.read(bytes(1024), -1, 1024, "event")).hasSize(1024);
    }

    @Test
    void refusesALargerBodyWithoutReadingItAll() {
        assertThatThrownBy(() -> BodyReader.read(bytes(1025), -1, 1024, "event"))
                .isInstanceOfSatisfying(AppError.class, error -> {
                    assertThat(error.status()).isEqualTo(413);
                    assertThat(error.getMessage()).isEqualTo("event is larger than the limit of 1 KB");
                });
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }
        };
        assertThatThrownBy(() -> BodyReader.read(endless, -1, 1024, "batch")).isInstanceOf(AppError.class);
        assertThatThrownBy(() -> BodyReader.read(bytes(0), 5000, 1024, "batch")).isInstanceOf(AppError.class);
    }

    @Test
    void parsesOnlyOneJsonObject() {
        assertThat(BodyReader.parseObject("{\"a\":1}".getBytes()).get("a").asInt()).isEqualTo(1);
        for (String bad : new String[] {"", "[1]", "{\"a\":", "{} {}", "\"text\""}) {
            assertThatThrownBy(() -> BodyReader.parseObject(bad.getBytes())).as(bad)
                    .isInstanceOfSatisfying(AppError.class, error -> assertThat(error.status()).isEqualTo(400));
        }
    }

    @Test
    void aKeyQuotedByTheParserIsMasked() {
        String key = "cdp_wk_secretsecretsecretsecret";
        assertThatThrownBy(() -> BodyReader.parseObject(("{\"writeKey\": " + key + "}").getBytes()))
                .hasMessageContaining("malformed JSON").hasMessageNotContaining(key);
    }
}
