package io.cdp.server.bulker;

import io.cdp.server.bulker.schema.RowRejection;
import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.read.ParallelRowReader;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.stitch.WriteTimeStitching;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.FieldCollisionException;
import io.cdp.server.event.FieldNames;
import io.cdp.server.identity.Identity;
import io.dropwizard.lifecycle.Managed;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one destination from {@code events.processed}: a Kafka consumer in the destination's
 * own consumer group (so a slow destination only lags itself), rows grouped per table, each
 * table's batch written by a pool of writer threads when its {@link FlushPolicy} says so, up to
 * {@code batchesPerTable} batches of a table at a time, many tables at once.
 *
 * <p>Batches are numbered as they are handed over. Their identity lookups run in that order, and
 * a batch with identifies records them only after every earlier batch is in its table (see
 * {@link WriteTimeStitching}); its offsets are released after that. Other batches are done when
 * their rows are in.
 *
 * <p>Offsets are committed only up to the first row not yet stored ({@link BatchOffsets}), after
 * its batch and its dead letters are safe: a crash replays at most the unstored tail, and the
 * destination's dedup hides what was written twice. When more than {@code maxBufferedRows} are in
 * memory, reading pauses until writes catch up. When partitions move to another process,
 * everything held is written and committed first.
 *
 * <p>A Dropwizard {@link Managed} object: {@link #start} runs the loop on its own thread;
 * {@link #stop} ends it with {@link Consumer#wakeup()}, writes what it holds (waiting at most the
 * grace period), commits, and closes the consumer.
 */
public final class DestinationLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationLoop.class);
    /** Longest poll when no batch is waiting, so the loop notices stop requests and due batches. */
    private static final long MAX_POLL_MILLIS = 200;
    /** Most rows name no table: theirs is known without a lookup in the sanitized-names cache. */
    private static final String DEFAULT_TABLE = FieldNames.sanitize(EventEnvelope.tableOrDefault(null));
    /** Destination table names remembered per (workspace, table); cleared past this many. */
    private static final int MAX_KNOWN_TABLE_NAMES = 10_000;

    private final Consumer<String, ByteBuffer> consumer;
    private final String topic;
    private final TableWriter writer;
    private final WriteTimeStitching stitching;
    private final RejectedRows rejectedRows;
    private final FlushPolicy policy;
    private final int maxBufferedRows;
    private final Duration grace;
    private final Backoff backoff;
    private final ExecutorService writers;
    private final String name;
    private final DestinationMetrics metrics;
    private final int batchesPerTable;
    /** Batches prepare (stitch) in hand-off order. */
    private final Turnstile prepareTurns = new Turnstile();
    /** Batches whose rows are in their table (or that gave up, stopping). */
    private final Turnstile inserted = new Turnstile();

    private volatile boolean running;
    private Thread thread;

    // Consumer-thread state.
    private final Map<String, TableBatch> open = new LinkedHashMap<>();
    /** Destination table of each workspace's default table, and of "table\0workspace" for the others. */
    private final Map<String, String> tableNames = new HashMap<>();
    /** Batches being written, per table. */
    private final Map<String, Integer> writing = new HashMap<>();
    private long batchesHandedOver;
    private final BatchOffsets offsets = new BatchOffsets();
    private final ParallelRowReader reader;
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    private final AtomicInteger bufferedRows = new AtomicInteger();
    private boolean paused;

    private record Done(TableBatch batch, boolean stored) {
    }

    /**
     * @param consumer     a consumer in the destination's group, with auto-commit off; owned (closed) by this loop
     * @param stitching    write-time identity stitching, or null to write rows as they are
     * @param backoff      the back-off {@code writer}, {@code stitching} and {@code rejectedRows} retry with;
     *                     stopped by this loop when it stops
     * @param flushThreads batches written at the same time
     * @param batchesPerTable batches of one table written at the same time
     * @param readThreads  threads reading each poll's messages into rows, the consumer's included
     * @param metrics      where stored and dead-lettered rows are counted
     */
    public DestinationLoop(Consumer<String, ByteBuffer> consumer, String topic, TableWriter writer,
                           WriteTimeStitching stitching, RejectedRows rejectedRows, Backoff backoff,
                           FlushPolicy policy, int maxBufferedRows, int flushThreads, int batchesPerTable,
                           int readThreads, Duration grace, DestinationMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.writer = writer;
        this.stitching = stitching;
        this.rejectedRows = rejectedRows;
        this.policy = policy;
        this.maxBufferedRows = maxBufferedRows;
        this.grace = grace;
        this.backoff = backoff;
        this.name = writer.destination().name();
        this.metrics = metrics;
        this.batchesPerTable = batchesPerTable;
        this.reader = new ParallelRowReader(readThreads, "bulker-" + name);
        AtomicInteger threadNumber = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(flushThreads, runnable -> {
            Thread writerThread = new Thread(runnable, "bulker-" + name + "-writer-" + threadNumber.incrementAndGet());
            writerThread.setDaemon(true);
            return writerThread;
        });
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "bulker-" + name);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            thread.join(grace.toMillis() + 15_000);
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            LOG.info("bulker {} reading {} in consumer group {}", name, topic, consumer.groupMetadata().groupId());
            while (running) {
                acceptAll(consumer.poll(Duration.ofMillis(policy.millisToWait(open.values(), System.nanoTime(),
                        MAX_POLL_MILLIS))));
                collectDone();
                writeDue(false);
                commit();
                applyBackpressure();
            }
        } catch (WakeupException wakeup) {
            if (running) {
                LOG.error("bulker {} consumer woken up unexpectedly", name, wakeup);
            }
        } catch (RuntimeException | Error fatal) {
            LOG.error("bulker {} loop failed; unstored rows will be read again by the next owner", name, fatal);
        } finally {
            shutDown();
        }
    }

    /**
     * Reads a poll's messages (on several threads, see {@link ParallelRowReader}) and adds them in
     * order, partition by partition: offsets are tracked per partition, not per message.
     */
    private void acceptAll(ConsumerRecords<String, ByteBuffer> records) {
        if (records.isEmpty()) {
            return;
        }
        List<ByteBuffer> messages = new ArrayList<>(records.count());
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, ByteBuffer> record : records.records(partition)) {
                messages.add(kept(record.value()));
            }
        }
        ParallelRowReader.Outcome[] outcomes;
        try {
            outcomes = reader.read(messages);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading messages", e);
        }
        int next = 0;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, ByteBuffer>> polled = records.records(partition);
            for (ConsumerRecord<String, ByteBuffer> record : polled) {
                accept(partition, record, outcomes[next++]);
            }
            offsets.read(partition, polled.get(polled.size() - 1).offset());
        }
    }

    /**
     * A message as its row may keep it until written. A message of a compressed batch has a
     * buffer of its own (Kafka decompresses each record into one) and stays where it is: copying
     * it would be about a quarter of the bulker's allocations. One of an uncompressed batch is a
     * view of the whole fetch response, which it would keep in memory: that one is copied.
     */
    static ByteBuffer kept(ByteBuffer value) {
        if (value == null || (value.hasArray() && value.array().length <= 2 * value.remaining() + 256)) {
            return value;
        }
        ByteBuffer copy = ByteBuffer.allocate(value.remaining());
        copy.put(value.duplicate()).flip();
        return copy;
    }

    private void accept(TopicPartition partition, ConsumerRecord<String, ByteBuffer> record,
                        ParallelRowReader.Outcome outcome) {
        if (outcome.failure() instanceof FieldCollisionException collision) {
            // Rare, like the next; sent before the offset can be committed (this loop commits only after).
            rejectedRows.sendRefused(name, record, DeadLetter.Reasons.FIELD_COLLISION, collision.column(),
                    collision.getMessage());
            return;
        }
        if (outcome.failure() != null) {
            // Rare; sent before the offset can be committed (this loop commits only after).
            rejectedRows.sendMalformed(record, outcome.failure());
            return;
        }
        Row row = outcome.row();
        String table;
        try {
            table = destinationTable(row);
        } catch (TenantTables.UnsafeTableNameException unsafe) {
            // Rare, like the collision above; sent before the offset can be committed.
            rejectedRows.sendRefused(name, record, DeadLetter.Reasons.INVALID_TABLE, null, unsafe.getMessage());
            return;
        }
        TableBatch batch = open.computeIfAbsent(table, ignored -> new TableBatch(table, System.nanoTime()));
        if (batch.add(row, partition, record.offset())) {
            offsets.hold(partition, record.offset());
        }
        bufferedRows.incrementAndGet();
    }

    /** The table of the row's workspace that the row goes to ({@link TenantTables}), remembered. */
    private String destinationTable(Row row) {
        String key = row.table() == null ? row.workspaceId() : row.table() + '\u0000' + row.workspaceId();
        String known = tableNames.get(key);
        if (known != null) {
            return known;
        }
        String table = row.table() == null ? DEFAULT_TABLE
                : FieldNames.sanitize(EventEnvelope.tableOrDefault(row.table()));
        String name = TenantTables.name(row.workspaceId(), table);
        if (tableNames.size() >= MAX_KNOWN_TABLE_NAMES) {
            tableNames.clear();
        }
        tableNames.put(key, name);
        return name;
    }

    /** Hands every due batch (or, with {@code all}, every batch) of a table with a writer to spare to a writer. */
    private void writeDue(boolean all) {
        if (backoff.stopped()) {
            return;
        }
        long now = System.nanoTime();
        var tables = open.values().iterator();
        while (tables.hasNext()) {
            TableBatch batch = tables.next();
            if (writing.getOrDefault(batch.table(), 0) < batchesPerTable && (all || policy.due(batch, now))) {
                tables.remove();
                writing.merge(batch.table(), 1, Integer::sum);
                long number = batchesHandedOver++;
                writers.execute(() -> store(batch, number));
            }
        }
    }

    /**
     * Runs on a writer thread: stitch (in hand-off order), write and dead-letter (retried until
     * stored or stopping), then record the batch's identifies, if any, once every earlier batch
     * is in its table. The batch counts as stored, and its offsets may be committed, only after
     * that.
     */
    private void store(TableBatch batch, long number) {
        boolean stored = false;
        try {
            List<Identity> identified = List.of();
            if (!prepareTurns.await(number, backoff::stopped)) {
                return;
            }
            long started = System.nanoTime();
            try {
                if (stitching != null) {
                    identified = stitching.prepare(batch.rows(), batch.visitors());
                }
            } finally {
                prepareTurns.pass(number);
            }
            long stitched = System.nanoTime();
            if (!write(batch, started, stitched)) {
                return;
            }
            inserted.pass(number); // now, not only in finally: later batches need not wait for this one's record
            if (!identified.isEmpty()) {
                // When stopping, an earlier batch may have given up without its rows: record nothing.
                if (!inserted.await(number, backoff::stopped) || backoff.stopped()) {
                    return;
                }
                stitching.record(identified);
            }
            stored = true;
        } catch (Backoff.StoppedException stoppedWhileRetrying) {
            // stored stays false: the rows are read again after restart
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inserted.pass(number);
            done.add(new Done(batch, stored));
        }
    }

    /** Writes the batch and sends its rejected rows, trying again until done; false when stopping first. */
    private boolean write(TableBatch batch, long started, long stitched) {
        while (!backoff.stopped()) {
            try {
                List<RowRejection> rejections = writer.write(batch.table(), batch.rows());
                rejectedRows.send(name, rejections);
                metrics.batchStored(batch.logicalTable(), batch.size(), rejections.size(), System.nanoTime() - started);
                LOG.debug("{} table {}: stored {} rows, {} to the dead-letter queue; stitching {} ms, writing {} ms",
                        name, batch.table(), batch.size() - rejections.size(), rejections.size(),
                        TimeUnit.NANOSECONDS.toMillis(stitched - started),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stitched));
                return true;
            } catch (Backoff.StoppedException stoppedWhileRetrying) {
                return false;
            } catch (RuntimeException unexpected) {
                LOG.error("{} table {}: storing a batch of {} rows failed; trying again", name, batch.table(),
                        batch.size(), unexpected);
                sleepQuietly(1000);
            }
        }
        return false;
    }

    private void collectDone() {
        for (Done finished = done.poll(); finished != null; finished = done.poll()) {
            writing.computeIfPresent(finished.batch().table(), (table, count) -> count == 1 ? null : count - 1);
            bufferedRows.addAndGet(-finished.batch().size());
            if (finished.stored()) {
                offsets.release(finished.batch().firstOffsets());
            }
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> safe = offsets.committable();
        if (safe.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(safe);
            offsets.committed(safe);
        } catch (CommitFailedException | org.apache.kafka.common.errors.RebalanceInProgressException e) {
            LOG.info("bulker {}: commit deferred by a rebalance: {}", name, e.getMessage());
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("bulker {}: commit failed, will try again: {}", name, e.getMessage());
        }
    }

    private void applyBackpressure() {
        int rows = bufferedRows.get();
        if (!paused && rows >= maxBufferedRows) {
            consumer.pause(consumer.assignment());
            paused = true;
            LOG.info("bulker {}: {} rows in memory, pausing reads until writes catch up", name, rows);
        } else if (paused && rows < maxBufferedRows / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** Writes everything held and waits for the writers, at most {@code timeout}; true when all were stored. */
    private boolean drain(Duration timeout) {
        writeDue(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((!writing.isEmpty() || !open.isEmpty()) && System.nanoTime() < deadline) {
            sleepQuietly(10);
            collectDone();
            writeDue(true);
        }
        collectDone();
        return writing.isEmpty() && open.isEmpty();
    }

    private void shutDown() {
        long started = System.nanoTime();
        try {
            if (!drain(grace)) {
                LOG.warn("bulker {}: {} rows not stored within {}; they will be read again after restart",
                        name, bufferedRows.get(), grace);
            }
            backoff.stop();
            writers.shutdown();
            writers.awaitTermination(10, TimeUnit.SECONDS);
            collectDone();
            commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("bulker {}: final commit failed: {}", name, e.getMessage());
        } finally {
            backoff.stop();
            writers.shutdownNow();
            reader.close();
            consumer.close(Duration.ofSeconds(5));
            LOG.info("bulker {} stopped in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private void forgetIdentities() {
        if (stitching != null) {
            stitching.forget();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Before partitions move to another process, store and commit everything read from them. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (backoff.stopped()) {
                return; // closing: shutDown() already wrote and committed what it could
            }
            if (!drain(Duration.ofSeconds(60))) {
                LOG.warn("bulker {}: partitions {} handed over with rows not yet stored; the next owner reads them "
                        + "again", name, partitions);
            }
            commit();
            offsets.forget(partitions);
            forgetIdentities();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!backoff.stopped()) {
                drain(Duration.ofSeconds(60));
            }
            offsets.forget(partitions);
            forgetIdentities();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("bulker {} now owns {}", name, partitions);
            forgetIdentities(); // identifies of these partitions were recorded by their previous owner
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }
}
