package io.cdp.server.live;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;

/**
 * The last events ingest judged in this process, for the live view: a fixed-size ring in memory,
 * filled only while somebody watches, and sampled. It is built so that it cannot slow ingest:
 * <ul>
 *   <li>nobody watching (no {@link #markWatched} for {@link #WATCH_WINDOW}): {@link #recording()}
 *       is one volatile read and nothing is built or kept;</li>
 *   <li>watching: at most {@code maxPerSecond} events a second are kept (the rest are counted in
 *       {@link #skipped()}), each kept event costs one small record and an array write, no lock,
 *       no I/O, no serialisation (the payload is the node that was sent to Kafka, shared, not
 *       copied);</li>
 *   <li>memory is bounded by {@code capacity} events.</li>
 * </ul>
 * It never reads or writes Kafka. Thread-safe: many request threads record, viewers read.
 *
 * <pre>{@code
 * RecentEvents recent = new RecentEvents(1000, 200, Clock.systemUTC());
 * recent.markWatched();
 * if (recent.recording()) recent.record(seq -> new LiveEvent(seq, ...));
 * List<LiveEvent> news = recent.after(lastSeq, LiveFilter.NONE, 100);
 * }</pre>
 */
public class RecentEvents {
    /** How long after the last viewer's request events are still recorded. */
    public static final Duration WATCH_WINDOW = Duration.ofSeconds(60);
    /** Events a server keeps for the live view: enough for a screen and its scrolling, a few MB at most. */
    public static final int DEFAULT_CAPACITY = 1_000;
    /** Events a second kept while watched: more than a person can read, little next to ingest's rate. */
    public static final int DEFAULT_PER_SECOND = 200;

    private final AtomicReferenceArray<LiveEvent> ring;
    private final int maxPerSecond;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong currentSecond = new AtomicLong();
    private final AtomicLong keptThisSecond = new AtomicLong();
    private volatile long watchedUntilMillis;

    public RecentEvents(int capacity, int maxPerSecond, Clock clock) {
        this.ring = new AtomicReferenceArray<>(capacity);
        this.maxPerSecond = maxPerSecond;
        this.clock = clock;
    }

    /** A viewer asked: record for the next {@link #WATCH_WINDOW}. */
    public void markWatched() {
        watchedUntilMillis = clock.millis() + WATCH_WINDOW.toMillis();
    }

    /** Whether events are being recorded now; ingest asks this before building anything. */
    public boolean recording() {
        return watchedUntilMillis > clock.millis();
    }

    /**
     * Keeps the event {@code build} makes from its sequence number, unless this second's sample is
     * full; returns whether it was kept.
     */
    public boolean record(LongFunction<LiveEvent> build) {
        long second = clock.millis() / 1000;
        long seen = currentSecond.get();
        if (seen != second && currentSecond.compareAndSet(seen, second)) {
            keptThisSecond.set(0);
        }
        if (keptThisSecond.incrementAndGet() > maxPerSecond) {
            skipped.incrementAndGet();
            return false;
        }
        long seq = sequence.incrementAndGet();
        ring.set((int) (seq % ring.length()), build.apply(seq));
        return true;
    }

    /** The kept events with a sequence above {@code afterSeq} that match, oldest first, at most {@code limit}. */
    public List<LiveEvent> after(long afterSeq, LiveFilter filter, int limit) {
        long last = sequence.get();
        long first = Math.max(afterSeq + 1, last - ring.length() + 1);
        List<LiveEvent> found = new ArrayList<>();
        for (long seq = Math.max(1, first); seq <= last; seq++) {
            LiveEvent event = ring.get((int) (seq % ring.length()));
            if (event != null && event.seq() == seq && filter.matches(event)) {
                found.add(event);
            }
        }
        return found.size() <= limit ? found : found.subList(found.size() - limit, found.size());
    }

    /** The newest kept event with this message id. */
    public Optional<LiveEvent> find(String messageId) {
        return find(messageId, 0);
    }

    /**
     * The kept event with this message id and sequence number ({@code seq} 0: the newest with that
     * id): a message id sent twice has two verdicts, accepted then deduplicated.
     */
    public Optional<LiveEvent> find(String messageId, long seq) {
        for (long at = sequence.get(); at > 0 && at > sequence.get() - ring.length(); at--) {
            LiveEvent event = ring.get((int) (at % ring.length()));
            if (event != null && event.seq() == at && messageId.equals(event.messageId()) && (seq == 0 || seq == at)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** The highest sequence number handed out so far. */
    public long lastSeq() {
        return sequence.get();
    }

    /** Events not kept because a second's sample was full. */
    public long skipped() {
        return skipped.get();
    }
}
