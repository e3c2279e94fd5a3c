package io.cdp.tui;

import java.util.ArrayList;
import java.util.List;

/** A scripted {@link DashboardClient}: returns queued snapshots and records replays. */
class FakeDashboardClient implements DashboardClient {
    final List<Snapshot> snapshots = new ArrayList<>();
    List<DeadLetterRow> letters = List.of();
    final List<String> replayed = new ArrayList<>();
    boolean down;
    /** When set, the n-th call to stats() returns generator(n) instead of the queue. */
    java.util.function.IntFunction<Snapshot> generator;
    private int calls;

    @Override
    public Snapshot stats() throws Exception {
        if (down) {
            throw new java.net.ConnectException("Connection refused");
        }
        if (generator != null) {
            return generator.apply(calls++);
        }
        return snapshots.size() > 1 ? snapshots.remove(0) : snapshots.get(0);
    }

    @Override
    public List<DeadLetterRow> deadLetters(int limit) {
        return letters;
    }

    @Override
    public int replay(String deadLetterId) {
        replayed.add(deadLetterId);
        return 1;
    }
}
