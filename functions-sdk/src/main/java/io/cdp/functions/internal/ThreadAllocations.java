package io.cdp.functions.internal;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by threads, as HotSpot counts them (com.sun.management): the heap guard's way
 * to tell which running call is filling the heap, since a call's guest code runs on one thread.
 * Answers -1 where the JVM does not count. Thread-safe.
 */
final class ThreadAllocations {
    private static final com.sun.management.ThreadMXBean THREADS = bean();

    private ThreadAllocations() {
    }

    private static com.sun.management.ThreadMXBean bean() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                    && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
                return threads;
            }
        } catch (RuntimeException | LinkageError unavailable) {
            // Not HotSpot, or jdk.management absent: no counts.
        }
        return null;
    }

    /** Bytes the current thread allocated since it started, or -1. */
    static long current() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes each thread allocated since it started, -1 for an unknown or dead one. */
    static long[] of(long[] threadIds) {
        if (THREADS == null) {
            long[] unknown = new long[threadIds.length];
            java.util.Arrays.fill(unknown, -1);
            return unknown;
        }
        return THREADS.getThreadAllocatedBytes(threadIds);
    }
}
