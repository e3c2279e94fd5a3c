package io.cdp.server.ingest.publish;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small append-only log on local disk of the Kafka records ingest acknowledged and Kafka has not
 * acknowledged yet: the place an event waits while Kafka is away. Records are appended in
 * segment files ({@code 00000000000000000042.spool}); one flusher thread writes what every
 * request appended since its last turn and fsyncs once for all of them (group commit), so the
 * cost of an fsync is shared by all requests that arrive during it. A segment is deleted once
 * Kafka acknowledged each of its records; whatever is still on disk when the process starts
 * (after a crash, or a stop while Kafka was away) is read back and sent again.
 *
 * <p>Each record is framed as {@code [length][crc32c][bytes]}; a frame torn by a crash in the
 * middle of a write (it was never acknowledged: the fsync did not return) is cut off when the
 * segment is read back. The total size is bounded: an append that would pass {@code maxBytes}
 * fails with {@link SpoolFullException}, and the caller answers 503 instead of dropping.
 *
 * <p>One process per folder: the folder is locked while open. {@link #takeUnsent} is for one
 * reading thread ({@link SpoolForwarder}); every other method is thread-safe.
 *
 * <pre>{@code
 * Spool spool = Spool.open(Path.of(".cdp/spool"), 1 << 30, 16 << 20);
 * spool.append(List.of(record)).join();         // on disk, fsync'd
 * for (Spool.Entry entry : spool.takeUnsent(500)) {
 *     // send entry.record(), then spool.acknowledge(entry.ref()) or spool.release(entry.ref())
 * }
 * }</pre>
 */
public final class Spool implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String SUFFIX = ".spool";
    private static final int FRAME_HEADER = 8;
    private static final int READ_CHUNK = 256 * 1024;
    private static final long IDLE_CHECK_MILLIS = 1000;

    /** Where a record is: its segment and its position in it. */
    public record Ref(Segment segment, int index) {
    }

    /** A record read back for sending, with its place. */
    public record Entry(Ref ref, OutboundRecord record) {
    }

    /** One segment file and what is known of its records. Guarded by the spool's monitor. */
    public static final class Segment {
        private final long id;
        private final Path file;
        private FileChannel writer;
        private int writtenCount;
        private long writtenBytes;
        private int durableCount;
        private long durableBytes;
        private boolean sealed;
        private final BitSet acked = new BitSet();
        private int ackedCount;
        private final BitSet inFlight = new BitSet();

        private Segment(long id, Path file) {
            this.id = id;
            this.file = file;
        }

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** Records one request appended, waiting for the flusher. */
    private record Pending(List<byte[]> frames, long bytes, CompletableFuture<List<Ref>> done) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final AtomicLong usedBytes = new AtomicLong();
    private final List<Pending> pending = new ArrayList<>();
    private final Thread flusher;
    private Segment active;
    private long nextSegmentId;
    private boolean closed;

    // The reading cursor: used only by the thread that calls takeUnsent and rewind.
    private Segment cursorSegment;
    private FileChannel cursorChannel;
    private long cursorOffset;
    private int cursorIndex;
    private volatile boolean rewindRequested;

    private Spool(Path dir, long maxBytes, long segmentBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock locked;
        try {
            locked = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            locked = null;
        }
        lock = locked;
        if (lock == null) {
            lockFile.close();
            throw new IllegalStateException("the spool folder " + dir.toAbsolutePath() + " is in use by another"
                    + " process: give each server a folder of its own (ingest.spool.dir, CDP_INGEST_SPOOL_DIR)");
        }
        recover();
        flusher = new Thread(this::flushLoop, "cdp-spool-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /**
     * Opens (creating it if needed) the spool in {@code dir}; the records left there by an earlier
     * process become the first ones {@link #takeUnsent} returns.
     *
     * @param maxBytes     most bytes on disk, segments included
     * @param segmentBytes size at which a segment is closed and a new one begun
     */
    public static Spool open(Path dir, long maxBytes, long segmentBytes) throws IOException {
        return new Spool(dir, maxBytes, segmentBytes);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Appends the records; the future completes once they are written and fsync'd, with their
     * places in the order given. Fails with {@link SpoolFullException} (at once) when they do not
     * fit, with an {@link IOException} when the disk refused them; either way none of them is in.
     */
    public CompletableFuture<List<Ref>> append(List<OutboundRecord> records) {
        List<byte[]> frames = new ArrayList<>(records.size());
        long bytes = 0;
        for (OutboundRecord record : records) {
            byte[] frame = frame(record.encode());
            frames.add(frame);
            bytes += frame.length;
        }
        if (usedBytes.addAndGet(bytes) > maxBytes) {
            usedBytes.addAndGet(-bytes);
            return CompletableFuture.failedFuture(new SpoolFullException(maxBytes));
        }
        CompletableFuture<List<Ref>> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                usedBytes.addAndGet(-bytes);
                return CompletableFuture.failedFuture(new IllegalStateException("the spool is closed"));
            }
            pending.add(new Pending(frames, bytes, done));
            notifyAll();
        }
        return done;
    }

    /** Kafka has the record: it is never sent again, and its segment goes once all its records are acknowledged. */
    public synchronized void acknowledge(Ref ref) {
        Segment segment = ref.segment();
        segment.inFlight.clear(ref.index());
        if (!segment.acked.get(ref.index())) {
            segment.acked.set(ref.index());
            segment.ackedCount++;
        }
        deleteIfDone(segment);
    }

    /** Kafka refused the record: it is sent again after the next {@link #rewind()}. */
    public synchronized void release(Ref ref) {
        ref.segment().inFlight.clear(ref.index());
    }

    /** Records on disk that Kafka has not acknowledged. */
    public synchronized long unacknowledged() {
        long count = 0;
        for (Segment segment : segments.values()) {
            count += segment.durableCount - segment.ackedCount;
        }
        return count;
    }

    /** Bytes the segments take on disk (and appends under way). */
    public long usedBytes() {
        return usedBytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Waits until a flush made records readable, or the time passed. */
    public synchronized void awaitAppend(long millis) throws InterruptedException {
        wait(millis);
    }

    /** The next {@link #takeUnsent} starts again at the oldest segment, to resend what Kafka refused. */
    public void rewind() {
        rewindRequested = true;
    }

    /**
     * Up to {@code max} records, oldest first, that are on disk and neither acknowledged nor in
     * flight; they are marked in flight. Empty when there is nothing more to send for now. One
     * thread only.
     */
    public List<Entry> takeUnsent(int max) throws IOException {
        if (rewindRequested) {
            rewindRequested = false;
            moveCursor(null);
        }
        List<Entry> taken = new ArrayList<>();
        while (taken.size() < max) {
            long limit;
            boolean sealed;
            synchronized (this) {
                if (cursorSegment == null) {
                    Map.Entry<Long, Segment> first = segments.firstEntry();
                    if (first == null) {
                        return taken;
                    }
                    moveCursor(first.getValue());
                }
                limit = cursorSegment.durableBytes;
                sealed = cursorSegment.sealed;
            }
            if (cursorOffset >= limit) {
                Segment next;
                synchronized (this) {
                    Map.Entry<Long, Segment> higher = segments.higherEntry(cursorSegment.id);
                    next = sealed && cursorSegment.durableBytes == cursorOffset && higher != null ? higher.getValue() : null;
                }
                if (next == null) {
                    return taken;
                }
                moveCursor(next);
                continue;
            }
            if (!readFrames(limit, max, taken)) {
                // The file went away under the cursor (all of it acknowledged meanwhile): go on past it.
                cursorOffset = limit;
            }
        }
        return taken;
    }

    /** Reads frames of the cursor's segment up to {@code limit}; false when the file is gone. */
    private boolean readFrames(long limit, int max, List<Entry> taken) throws IOException {
        if (cursorChannel == null) {
            try {
                cursorChannel = FileChannel.open(cursorSegment.file, StandardOpenOption.READ);
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
        int length = (int) Math.min(READ_CHUNK, limit - cursorOffset);
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        readFully(cursorChannel, header, cursorOffset);
        int frameLength = header.getInt(0);
        ByteBuffer chunk = ByteBuffer.allocate(Math.max(length, FRAME_HEADER + frameLength));
        chunk.limit((int) Math.min(chunk.capacity(), limit - cursorOffset));
        readFully(cursorChannel, chunk, cursorOffset);
        chunk.flip();
        List<Entry> read = new ArrayList<>();
        while (chunk.remaining() >= FRAME_HEADER && taken.size() + read.size() < max) {
            int size = chunk.getInt(chunk.position());
            if (chunk.remaining() < FRAME_HEADER + size) {
                break;
            }
            chunk.getInt();
            int crc = chunk.getInt();
            byte[] body = new byte[size];
            chunk.get(body);
            if (crc != crcOf(body)) {
                // Its later records cannot be trusted: they are not sent, and the file (never fully
                // acknowledged) stays for an operator; the other segments go on.
                LOG.error("spool segment {} is damaged at byte {}: its records from there on are not sent; the"
                        + " file is kept", cursorSegment.file, cursorOffset);
                cursorOffset = limit;
                break;
            }
            read.add(new Entry(new Ref(cursorSegment, cursorIndex), decode(body)));
            cursorIndex++;
            cursorOffset += FRAME_HEADER + size;
        }
        synchronized (this) {
            for (Entry entry : read) {
                Segment segment = entry.ref().segment();
                int index = entry.ref().index();
                if (!segment.acked.get(index) && !segment.inFlight.get(index)) {
                    segment.inFlight.set(index);
                    taken.add(entry);
                }
            }
        }
        return true;
    }

    private void moveCursor(Segment segment) throws IOException {
        if (cursorChannel != null) {
            cursorChannel.close();
            cursorChannel = null;
        }
        cursorSegment = segment;
        cursorOffset = 0;
        cursorIndex = 0;
    }

    /** Stops the flusher after it wrote what was appended, and unlocks the folder; what is on disk stays. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        moveCursor(null);
        synchronized (this) {
            for (Segment segment : segments.values()) {
                if (segment.writer != null) {
                    segment.writer.close();
                }
            }
        }
        lock.release();
        lockFile.close();
    }

    private void flushLoop() {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                if (pending.isEmpty() && !closed) {
                    try {
                        wait(IDLE_CHECK_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty() && closed) {
                    retireActiveIfDone();
                    return;
                }
                if (pending.isEmpty()) {
                    retireActiveIfDone();
                    continue;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            flush(batch);
        }
    }

    /** Writes every pending append, fsyncs once, then makes them readable and completes their futures. */
    private void flush(List<Pending> batch) {
        List<List<Ref>> refs = new ArrayList<>(batch.size());
        int written = 0;
        try {
            for (Pending appended : batch) {
                if (active == null || (active.writtenBytes > 0 && active.writtenBytes + appended.bytes() > segmentBytes)) {
                    roll();
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) appended.bytes());
                List<Ref> places = new ArrayList<>(appended.frames().size());
                for (byte[] frame : appended.frames()) {
                    buffer.put(frame);
                    places.add(new Ref(active, active.writtenCount++));
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    active.writer.write(buffer);
                }
                active.writtenBytes += appended.bytes();
                refs.add(places);
                written++;
            }
            active.writer.force(false);
            synchronized (this) {
                active.durableCount = active.writtenCount;
                active.durableBytes = active.writtenBytes;
                notifyAll();
            }
        } catch (IOException | RuntimeException failed) {
            LOG.error("the spool in {} could not write {} appends; they are refused", dir, batch.size(), failed);
            for (Pending appended : batch) {
                usedBytes.addAndGet(-appended.bytes());
                appended.done().completeExceptionally(failed);
            }
            abandonActive();
            return;
        }
        for (int i = 0; i < written; i++) {
            batch.get(i).done().complete(refs.get(i));
        }
    }

    /**
     * After a failed write the active segment's tail is unknown: it is sealed at what was last
     * fsync'd (later frames in it are never read), and the next append starts a new segment.
     */
    private void abandonActive() {
        if (active == null) {
            return;
        }
        synchronized (this) {
            active.writtenCount = active.durableCount;
            active.writtenBytes = active.durableBytes;
            active.sealed = true;
            deleteIfDone(active);
        }
        active = null;
    }

    /**
     * An idle active segment whose records Kafka all acknowledged is deleted, so that a restart
     * does not send them again. Flusher thread only, holding the monitor.
     */
    private void retireActiveIfDone() {
        if (active != null && active.writtenCount > 0 && active.ackedCount == active.writtenCount
                && active.durableCount == active.writtenCount) {
            active.sealed = true;
            deleteIfDone(active);
            active = null;
        }
    }

    /** Seals the active segment (fsync'd) and begins a new one. Flusher thread only. */
    private void roll() throws IOException {
        if (active != null) {
            active.writer.force(false);
            synchronized (this) {
                active.durableCount = active.writtenCount;
                active.durableBytes = active.writtenBytes;
                active.sealed = true;
                deleteIfDone(active);
            }
        }
        Segment segment;
        synchronized (this) {
            long id = nextSegmentId++;
            segment = new Segment(id, dir.resolve(String.format("%020d", id) + SUFFIX));
            segments.put(id, segment);
        }
        segment.writer = FileChannel.open(segment.file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory();
        active = segment;
    }

    /** A new file's name must survive a crash too. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // Some file systems do not sync directories; the file's own fsync is what they offer.
        }
    }

    /** Caller holds the monitor. */
    private void deleteIfDone(Segment segment) {
        if (!segment.sealed || segment.ackedCount < segment.durableCount) {
            return;
        }
        segments.remove(segment.id);
        try {
            if (segment.writer != null) {
                segment.writer.close();
            }
            Files.deleteIfExists(segment.file);
            usedBytes.addAndGet(-segment.durableBytes);
        } catch (IOException e) {
            LOG.warn("could not delete the sent spool segment {}: {}", segment.file, e.toString());
        }
    }

    /** Reads back the segments an earlier process left, cutting off a frame torn by a crash. */
    private void recover() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        long records = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            long id = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            nextSegmentId = Math.max(nextSegmentId, id + 1);
            Segment segment = new Segment(id, file);
            scan(segment);
            if (segment.durableCount == 0) {
                Files.delete(file);
                continue;
            }
            segment.sealed = true;
            segments.put(id, segment);
            usedBytes.addAndGet(segment.durableBytes);
            records += segment.durableCount;
        }
        if (records > 0) {
            LOG.warn("the spool in {} holds {} records Kafka has not acknowledged ({} bytes): sending them again",
                    dir.toAbsolutePath(), records, usedBytes.get());
        }
    }

    private void scan(Segment segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long offset = 0;
            int count = 0;
            ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
            while (offset + FRAME_HEADER <= size) {
                header.clear();
                readFully(channel, header, offset);
                int length = header.getInt(0);
                if (length < 0 || offset + FRAME_HEADER + length > size) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(length);
                readFully(channel, body, offset + FRAME_HEADER);
                if (header.getInt(4) != crcOf(body.array())) {
                    break;
                }
                offset += FRAME_HEADER + length;
                count++;
            }
            if (offset < size) {
                LOG.warn("spool segment {}: {} bytes from byte {} on cannot be read back and are cut off (a write a"
                        + " crash interrupted, never acknowledged, or a damaged disk)", segment.file, size - offset, offset);
                channel.truncate(offset);
                channel.force(true);
            }
            segment.durableCount = count;
            segment.writtenCount = count;
            segment.durableBytes = offset;
            segment.writtenBytes = offset;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of spool file at byte " + at);
            }
            at += read;
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(FRAME_HEADER + body.length).putInt(body.length).putInt(crcOf(body)).put(body).array();
    }

    private static int crcOf(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static OutboundRecord decode(byte[] body) {
        try {
            return OutboundRecord.decode(new DataInputStream(new ByteArrayInputStream(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("a spool record that passed its checksum cannot be read", e);
        }
    }
}
