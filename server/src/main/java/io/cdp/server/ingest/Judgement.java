package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.ingest.time.EventTimes;
import io.cdp.server.ingest.validation.SegmentEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The events of one ingest request on their way through {@link IngestService}'s steps, and the
 * verdict on each: still going, refused (with the {@link AppError} of the step that refused it),
 * duplicate, or forwarded to Kafka. A batch collects the refusals and answers them all in its
 * {@link BatchResult}; a single event is a judgement of one that fails as a whole: its refusal
 * is thrown at the step that refused it, so the later steps never run (a malformed event costs
 * no rate-limit token) and the client gets that step's status, message and field. Every
 * verdict is counted in {@link IngestMetrics} as it is reached. Not thread-safe: one per request.
 */
final class Judgement {
    /** What became of an event so far. */
    enum Verdict { PENDING, REFUSED, DUPLICATE, FORWARDED, NOT_TAKEN }

    /** One event of the request, filled in step by step. */
    static final class Candidate {
        final int index;
        final ObjectNode event;
        Verdict verdict = Verdict.PENDING;
        SegmentEvent fields;
        String messageId;
        boolean generatedId;
        EventTimes times;
        /** The event as received (with {@code context.ip}), before stamping: what a dead letter keeps. */
        ObjectNode received;
        /** Why it was refused (an {@link IngestMetrics.Reasons} value) and the message; null unless refused. */
        String reason;
        String error;

        private Candidate(int index, ObjectNode event) {
            this.index = index;
            this.event = event;
        }

        /** An event checked on its own, outside a request (a dead letter replayed). */
        static Candidate of(ObjectNode event) {
            return new Candidate(0, event);
        }
    }

    private final IngestMetrics metrics;
    private final boolean singleEvent;
    private final int size;
    private final String sentAt;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<EventRejection> rejected = new ArrayList<>();
    private final List<EventRejection> notTaken = new ArrayList<>();
    private AppError unavailable;
    /** Batch elements refused before they became candidates, with the reason counted for them. */
    private final List<EarlyRefusal> early = new ArrayList<>();

    private Judgement(IngestMetrics metrics, boolean singleEvent, int size, String sentAt) {
        this.metrics = metrics;
        this.singleEvent = singleEvent;
        this.size = size;
        this.sentAt = sentAt;
    }

    /** One event sent on its own: it fails whole, with the error of the step that refused it. */
    static Judgement ofSingleEvent(IngestMetrics metrics, ObjectNode event) {
        Judgement judgement = new Judgement(metrics, true, 1, null);
        judgement.add(0, event);
        return judgement;
    }

    /** A batch of {@code size} elements (add or refuse each) sent at {@code sentAt} (null when unsaid). */
    static Judgement ofBatch(IngestMetrics metrics, int size, String sentAt) {
        return new Judgement(metrics, false, size, sentAt);
    }

    void add(int index, ObjectNode event) {
        candidates.add(new Candidate(index, event));
    }

    /** A batch element refused before it became a candidate (not an object, too large). */
    void refuse(int index, JsonNode element, AppError why) {
        String reason = why.status() == 413 ? IngestMetrics.Reasons.TOO_LARGE : IngestMetrics.Reasons.INVALID;
        metrics.rejected(reason);
        EventRejection rejection = new EventRejection(index, messageIdOf(element), why.getMessage(),
                why.field().orElse(null), why.status(), element);
        rejected.add(rejection);
        early.add(new EarlyRefusal(reason, rejection));
    }

    /**
     * Refuses the candidate for {@code reason} (see {@link IngestMetrics.Reasons}); {@code payload}
     * is what the log shows of it. A single event fails here.
     */
    void refuse(Candidate candidate, String reason, AppError why, JsonNode payload) {
        metrics.rejected(reason);
        candidate.verdict = Verdict.REFUSED;
        candidate.reason = reason;
        candidate.error = why.getMessage();
        if (singleEvent) {
            throw why;
        }
        String messageId = candidate.messageId != null ? candidate.messageId : messageIdOf(candidate.event);
        rejected.add(new EventRejection(candidate.index, messageId, why.getMessage(), why.field().orElse(null),
                why.status(), payload));
    }

    void duplicate(Candidate candidate) {
        candidate.verdict = Verdict.DUPLICATE;
        metrics.duplicate();
    }

    /**
     * Kafka (or, in durable delivery, the spool) did not take the event: the request answers 503
     * and the client retries it. A single event fails here; a batch lists it under
     * {@code unavailable} and keeps going, so the answer says which of its events were taken.
     */
    void notTaken(Candidate candidate, AppError why) {
        if (singleEvent) {
            throw why;
        }
        candidate.verdict = Verdict.NOT_TAKEN;
        unavailable = why;
        notTaken.add(new EventRejection(candidate.index, candidate.messageId, why.getMessage(), null, why.status(),
                candidate.event));
    }

    void forward(Candidate candidate) {
        candidate.verdict = Verdict.FORWARDED;
        metrics.accepted();
    }

    /** The candidates no step has ruled on yet, in request order. */
    List<Candidate> pending() {
        return candidates.stream().filter(candidate -> candidate.verdict == Verdict.PENDING).toList();
    }

    /**
     * Runs a step on each pending candidate; an {@link AppError} it throws refuses that candidate
     * for {@code reason}.
     */
    void each(String reason, Consumer<Candidate> step) {
        for (Candidate candidate : pending()) {
            try {
                step.accept(candidate);
            } catch (AppError refused) {
                refuse(candidate, reason, refused, candidate.event);
            }
        }
    }

    /** How many events no step has ruled on yet. */
    int pendingCount() {
        return count(Verdict.PENDING);
    }

    /** How many events the request carried, refused ones included: what the rate limit counts. */
    int size() {
        return size;
    }

    /** The batch's own {@code sentAt}, for events that carry none; null for a single event. */
    String sentAt() {
        return sentAt;
    }

    /** Every event that became a candidate, in request order, with its verdict so far. */
    List<Candidate> candidates() {
        return candidates;
    }

    /** Batch elements refused before they became candidates (not an object, too large). */
    List<EarlyRefusal> earlyRefusals() {
        return early;
    }

    /** A batch element refused before it became a candidate: the counted reason and the response's entry. */
    record EarlyRefusal(String reason, EventRejection rejection) {
    }

    Set<String> forwardedIds() {
        return candidates.stream().filter(candidate -> candidate.verdict == Verdict.FORWARDED)
                .map(candidate -> candidate.messageId).collect(Collectors.toSet());
    }

    /** The batch's answer: counts, and the refusals sorted by index. */
    BatchResult batchResult() {
        List<EventRejection> byIndex = new ArrayList<>(rejected);
        byIndex.sort(Comparator.comparingInt(EventRejection::index));
        if (unavailable != null) {
            return BatchResult.partlyTaken(unavailable.getMessage(), count(Verdict.FORWARDED),
                    count(Verdict.DUPLICATE), byIndex, notTaken);
        }
        return BatchResult.of(count(Verdict.FORWARDED), count(Verdict.DUPLICATE), byIndex);
    }

    /** The single event's answer (a refused one has thrown already). */
    SingleResult singleResult() {
        Candidate only = candidates.get(0);
        return only.verdict == Verdict.DUPLICATE ? SingleResult.duplicateOf(only.messageId)
                : SingleResult.accepted(only.messageId);
    }

    private int count(Verdict verdict) {
        return (int) candidates.stream().filter(candidate -> candidate.verdict == verdict).count();
    }

    private static String messageIdOf(JsonNode event) {
        JsonNode messageId = event == null ? null : event.get("messageId");
        return messageId != null && messageId.isValueNode() ? messageId.asText() : null;
    }
}
