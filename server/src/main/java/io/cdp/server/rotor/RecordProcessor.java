package io.cdp.server.rotor;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one consumed message; the future completes when everything it wrote is acknowledged
 * (then the offset may be committed) and fails when something could not be written.
 */
public interface RecordProcessor {
    CompletableFuture<Void> process(ConsumerRecord<String, byte[]> record);
}
