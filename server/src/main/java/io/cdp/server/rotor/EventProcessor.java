package io.cdp.server.rotor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.ChainResult;
import io.cdp.functions.FunctionChain;
import io.cdp.functions.call.FunctionError;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.Invocation;
import io.cdp.functions.OutputEvent;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.functions.FunctionLogStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rotor does with one consumed message: read the envelope, apply the IP policy, run the
 * source's function chain, and produce the outcome — the output events to the processed topic, a
 * {@code RetryError} to the retry topic (until retries run out), any other failure to the
 * dead-letter topic. The returned future completes when Kafka acknowledged every message written
 * for this one, so the offset may be committed; it fails only when Kafka (or PostgreSQL) did.
 * An event that no function will see and whose IP address is kept goes on as its bytes are
 * ({@link PassThrough}). Each function call is counted in {@link RotorMetrics}.
 * Thread-safe; called from the rotor's worker threads.
 */
public class EventProcessor implements RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    /** Names of the topics this processor writes. */
    public record Topics(String processed, String retry) {
    }

    private final FunctionChains chains;
    private final FunctionRuntime runtime;
    private final Producer<String, byte[]> producer;
    private final DeadLetterProducer deadLetters;
    private final Topics topics;
    private final RotorConfig config;
    private final RetryPolicy retries;
    private final FunctionContexts contexts;
    private final FunctionLogStore logs;
    private final Clock clock;
    private final RotorMetrics metrics;

    public EventProcessor(FunctionChains chains, FunctionRuntime runtime, Producer<String, byte[]> producer,
                          DeadLetterProducer deadLetters, Topics topics, RotorConfig config, FunctionContexts contexts,
                          FunctionLogStore logs, Clock clock, RotorMetrics metrics) {
        this.chains = chains;
        this.runtime = runtime;
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.config = config;
        this.retries = new RetryPolicy(config.maxRetries(), config.retryBackoff().toJavaDuration(),
                config.maxRetryBackoff().toJavaDuration());
        this.contexts = contexts;
        this.logs = logs;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Void> process(ConsumerRecord<String, byte[]> record) {
        if (config.ipPolicy() == RotorConfig.IpPolicy.KEEP && record.key() != null) {
            byte[] processed = PassThrough.copy(record.value(), sourceId -> chains.forSource(sourceId).isEmpty());
            if (processed != null) {
                return acknowledged(producer, new ProducerRecord<>(topics.processed(), record.key(), processed));
            }
        }
        EventEnvelope envelope;
        try {
            envelope = EventJson.envelope(record.value());
        } catch (IOException | RuntimeException e) {
            return deadLetter(DeadLetter.malformed(DeadLetter.Stage.ROTOR, "not an event envelope: " + e.getMessage(),
                    EventJson.tree(record.value()), clock.instant()), record.key());
        }
        FunctionChains.Chain chain = chains.forSource(envelope.sourceId());
        if (chain.broken() != null) {
            return deadLetter(letter(envelope, DeadLetter.Reasons.FUNCTION_ERROR, chain.brokenMessage(), null,
                    chain.broken().id()), envelope.partitionKey());
        }
        if (chain.functions().isEmpty()) {
            // Nothing reads the event as ingest sent it again: the IP policy may change it in place.
            IpAddresses.apply(config.ipPolicy(), envelope.event());
            return produce(List.of(envelope.withoutHeaders()));
        }
        ObjectNode event = envelope.event().deepCopy();
        IpAddresses.apply(config.ipPolicy(), event);
        Invocation base = contexts.of(envelope, envelope.event(), event, chain.source().orElse(null));
        ChainResult result = FunctionChain.run(runtime, chain.functions(), event,
                function -> base.withProps(chain.props().getOrDefault(function.id(), EventJson.MAPPER.createObjectNode())));
        recordLogs(envelope, result);
        metrics.chainRan(result);
        if (!result.failed()) {
            return produce(outputs(envelope, result.events()));
        }
        return failed(envelope, result.failure());
    }

    /** One envelope per output; fan-out outputs get distinct message ids (the bulker dedups on them). */
    private static List<EventEnvelope> outputs(EventEnvelope envelope, List<OutputEvent> events) {
        List<EventEnvelope> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            OutputEvent output = events.get(i);
            JsonNode ownId = output.event().get("messageId");
            String messageId = events.size() == 1 ? envelope.messageId()
                    : ownId != null && ownId.isTextual() && !ownId.asText().equals(envelope.messageId())
                            ? ownId.asText() : envelope.messageId() + "-" + (i + 1);
            JsonNode type = output.event().get("type");
            out.add(new EventEnvelope(envelope.workspaceId(), envelope.sourceId(), messageId,
                    type != null && type.isTextual() ? type.asText() : envelope.type(), envelope.receivedAt(),
                    output.table(), envelope.retries(), null, output.event()));
        }
        return out;
    }

    private CompletableFuture<Void> failed(EventEnvelope envelope, ChainResult.Step step) {
        FunctionError error = step.result().error();
        String functionId = step.function().id();
        if (error.kind() == FunctionError.Kind.RETRY) {
            if (!retries.exhausted(envelope.retries())) {
                EventEnvelope again = envelope.retried(retries.due(clock.instant(), envelope.retries()));
                metrics.retried(functionId);
                return send(topics.retry(), again);
            }
            return deadLetter(letter(envelope, DeadLetter.Reasons.RETRIES_EXHAUSTED, error.message()
                    + " (gave up after " + envelope.retries() + " retries)", error.stack(), functionId),
                    envelope.partitionKey());
        }
        String reason = switch (error.kind()) {
            case TIMEOUT -> DeadLetter.Reasons.FUNCTION_TIMEOUT;
            case LIMIT -> DeadLetter.Reasons.FUNCTION_LIMIT;
            case SANDBOX -> DeadLetter.Reasons.SANDBOX_VIOLATION;
            default -> DeadLetter.Reasons.FUNCTION_ERROR;
        };
        return deadLetter(letter(envelope, reason, step.function().name() + ": " + error.message(), error.stack(),
                functionId), envelope.partitionKey());
    }

    private DeadLetter letter(EventEnvelope envelope, String reason, String error, String stack, String functionId) {
        return DeadLetter.rotor(reason, error, stack, functionId, envelope, clock.instant());
    }

    private void recordLogs(EventEnvelope envelope, ChainResult result) {
        try {
            for (ChainResult.Step step : result.steps()) {
                logs.record(step.function().id(), step.function().version(), envelope.messageId(), step.result());
            }
        } catch (RuntimeException e) {
            // Logs are for people looking at a function; losing some must not hold up events.
            LOG.warn("could not record function logs for message {}: {}", envelope.messageId(), e.toString());
        }
    }

    private CompletableFuture<Void> produce(List<EventEnvelope> envelopes) {
        CompletableFuture<?>[] sends = envelopes.stream().map(out -> send(topics.processed(), out))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends);
    }

    private CompletableFuture<Void> send(String topic, EventEnvelope envelope) {
        return acknowledged(producer, new ProducerRecord<>(topic, envelope.partitionKey(), EventJson.toBytes(envelope)));
    }

    /** Sends {@code record}; the future completes when Kafka acknowledged it, and fails when it could not. */
    static CompletableFuture<Void> acknowledged(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

    private CompletableFuture<Void> deadLetter(DeadLetter letter, String key) {
        return deadLetters.send(letter, key).thenApply(metadata -> null);
    }
}
