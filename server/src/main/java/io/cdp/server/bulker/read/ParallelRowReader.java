package io.cdp.server.bulker.read;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads the messages of one poll into rows on several threads: the caller's and
 * {@code threads - 1} helpers, each with a {@link RowReader} of its own. Reading is the consumer
 * thread's main cost, and it is a pure function of each message, so the results come back in
 * the messages' order and the caller handles them one by one, as if it had read them itself.
 *
 * <p>For one caller thread at a time (the consumer's). {@link #close} stops the helpers.
 */
public final class ParallelRowReader implements AutoCloseable {
    /** Fewer messages than this are read on the caller's thread alone: a hand-over would cost more. */
    private static final int MIN_CHUNK = 256;

    /** What became of one message: a row, or why it is not one. */
    public record Outcome(Row row, Exception failure) {
    }

    private final RowReader callerReader = new RowReader();
    private final ThreadLocal<RowReader> helperReaders = ThreadLocal.withInitial(RowReader::new);
    private final ExecutorService helpers;
    private final int threads;

    /** Reads on {@code threads} threads (the caller's included); helper threads are named {@code <name>-reader-N}. */
    public ParallelRowReader(int threads, String name) {
        this.threads = Math.max(1, threads);
        AtomicInteger number = new AtomicInteger();
        this.helpers = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, runnable -> {
            Thread thread = new Thread(runnable, name + "-reader-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads messages held in heap buffers (a null one fails like any other that is not an envelope). */
    public Outcome[] read(List<ByteBuffer> messages) throws InterruptedException {
        Outcome[] outcomes = new Outcome[messages.size()];
        int chunks = Math.min(threads, Math.max(1, messages.size() / MIN_CHUNK));
        int size = (messages.size() + chunks - 1) / chunks;
        List<Future<?>> handedOver = new ArrayList<>(chunks - 1);
        for (int chunk = 1; chunk < chunks; chunk++) {
            int from = chunk * size;
            int to = Math.min(messages.size(), from + size);
            handedOver.add(helpers.submit(() -> readRange(helperReaders.get(), messages, outcomes, from, to)));
        }
        readRange(callerReader, messages, outcomes, 0, Math.min(size, messages.size()));
        for (Future<?> future : handedOver) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading messages failed", e.getCause());
            }
        }
        return outcomes;
    }

    private static void readRange(RowReader reader, List<ByteBuffer> messages, Outcome[] outcomes, int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                ByteBuffer message = messages.get(i);
                outcomes[i] = new Outcome(reader.read(message.array(), message.arrayOffset() + message.position(),
                        message.remaining()), null);
            } catch (Exception notAnEnvelope) {
                outcomes[i] = new Outcome(null, notAnEnvelope);
            }
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
