package io.cdp.server.bulker.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.event.EventJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelRowReaderTest {
    @Test
    void givesEachMessageItsOwnOutcomeInTheMessagesOrder() throws Exception {
        List<ByteBuffer> messages = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] message = i % 97 == 0 ? ("not an envelope " + i).getBytes(StandardCharsets.UTF_8)
                    : EventJson.toBytes(Rows.envelope("ws", "m-" + i, "{\"type\":\"track\",\"properties\":{\"i\":" + i + "}}"));
            // As Kafka hands them over: each in a buffer of its own, after the record's other parts.
            byte[] record = new byte[message.length + 20];
            System.arraycopy(message, 0, record, 15, message.length);
            messages.add(ByteBuffer.wrap(record, 15, message.length).slice());
        }
        try (ParallelRowReader reader = new ParallelRowReader(3, "test")) {
            for (int round = 0; round < 3; round++) {
                ParallelRowReader.Outcome[] outcomes = reader.read(messages);

                assertThat(outcomes).hasSize(messages.size());
                for (int i = 0; i < outcomes.length; i++) {
                    if (i % 97 == 0) {
                        assertThat(outcomes[i].row()).isNull();
                        assertThat(outcomes[i].failure()).isNotNull();
                    } else {
                        assertThat(outcomes[i].failure()).isNull();
                        assertThat(outcomes[i].row().messageId()).isEqualTo("m-" + i);
                        assertThat(outcomes[i].row().text("properties_i")).isEqualTo(String.valueOf(i));
                    }
                }
            }
            assertThat(reader.read(messages.subList(1, 4))).extracting(outcome -> outcome.row().messageId())
                    .containsExactly("m-1", "m-2", "m-3");
            assertThat(reader.read(List.of())).isEmpty();
        }
    }
}
