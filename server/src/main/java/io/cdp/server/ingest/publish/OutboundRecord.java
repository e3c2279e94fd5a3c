package io.cdp.server.ingest.publish;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One Kafka record ingest owes to Kafka: an event for the ingest topic or a dead letter for the
 * dead-letter topic, with the message id it carries (for logs). This is what the {@link Spool}
 * keeps on disk until Kafka acknowledged it. Immutable.
 *
 * @param topic     where it goes
 * @param key       the partition key (null: any partition)
 * @param value     the JSON bytes
 * @param messageId the event's message id, for log lines
 */
public record OutboundRecord(String topic, String key, byte[] value, String messageId) {
    public OutboundRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }

    ProducerRecord<String, byte[]> toProducerRecord() {
        return new ProducerRecord<>(topic, key, value);
    }

    /** The spool's encoding: topic, key (or none), message id (or none), value. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(topic);
            writeOptional(out, key);
            writeOptional(out, messageId);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
        return bytes.toByteArray();
    }

    static OutboundRecord decode(DataInputStream in) throws IOException {
        String topic = in.readUTF();
        String key = readOptional(in);
        String messageId = readOptional(in);
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return new OutboundRecord(topic, key, value, messageId);
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
        } else {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
