package io.cdp.functions.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory limit of function calls. GraalJS Community has no per-context heap limit, and an
 * {@link OutOfMemoryError} can strike any thread of the JVM (ingest's too), so catching it in the
 * call is no defence. Instead this listens to the JVM's garbage collections: when one leaves the
 * heap fuller than {@code limitPercent} of its maximum, the heap holds live data it cannot free,
 * and the guard
 * <ol>
 *   <li>stops the running call whose thread allocated the most since the call began, if that is
 *       at least {@code minCulpritBytes} (a runaway function allocates hundreds of MB; when no
 *       call did, the pressure comes from elsewhere and no call is blamed): its context is closed,
 *       which frees what it held, and the call fails with a message naming the memory limit;</li>
 *   <li>retires every pooled context (at most once per {@link #RETIRE_INTERVAL_NANOS}): what
 *       functions keep in module-level variables across calls is freed too.</li>
 * </ol>
 * Thread-safe; notifications arrive on the JVM's service thread.
 */
final class HeapGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapGuard.class);
    private static final long RETIRE_INTERVAL_NANOS = 10_000_000_000L;

    private final int limitPercent;
    private final long maxHeapBytes;
    private final long minCulpritBytes;
    private final Watchdog watchdog;
    private final ContextPool pool;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private volatile long lastRetired = System.nanoTime() - RETIRE_INTERVAL_NANOS;

    HeapGuard(int limitPercent, Watchdog watchdog, ContextPool pool) {
        this.limitPercent = limitPercent;
        this.maxHeapBytes = Runtime.getRuntime().maxMemory();
        this.minCulpritBytes = maxHeapBytes / 20;
        this.watchdog = watchdog;
        this.pool = pool;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryUsage pool : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            used += pool.getUsed();
        }
        checkAfterCollection(used);
    }

    /** What the guard does after a collection left {@code usedBytes} of the heap in use. */
    void checkAfterCollection(long usedBytes) {
        long limitBytes = maxHeapBytes / 100 * limitPercent;
        if (usedBytes <= limitBytes) {
            return;
        }
        int percent = (int) (usedBytes * 100 / maxHeapBytes);
        long stopped = watchdog.stopHeaviest(minCulpritBytes, allocated -> "the function was stopped by the memory "
                + "limit: the JVM heap was " + percent + "% full after a garbage collection (limit " + limitPercent
                + "%) and this call had allocated " + allocated / (1024 * 1024) + " MB, the most of the calls running");
        long now = System.nanoTime();
        if (stopped < 0 && now - lastRetired < RETIRE_INTERVAL_NANOS) {
            return;
        }
        lastRetired = now;
        int closed = pool.retireAll();
        LOG.warn("functions: heap {}% full after a garbage collection (limit {}%): {}; {} idle contexts closed, "
                        + "busy ones are replaced after their call", percent, limitPercent,
                stopped < 0 ? "no running call allocated " + minCulpritBytes / (1024 * 1024) + " MB or more, none stopped"
                        : "stopped the call that allocated " + stopped / (1024 * 1024) + " MB", closed);
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (Exception alreadyRemoved) {
                // Nothing to undo.
            }
        }
    }
}
