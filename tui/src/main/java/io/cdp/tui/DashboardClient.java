package io.cdp.tui;

import java.util.List;

/**
 * What the dashboard needs from the server. The real one speaks the management API over HTTP;
 * tests give a fake, so the screens are tested without a server or a terminal.
 */
public interface DashboardClient {
    Snapshot stats() throws Exception;

    List<DeadLetterRow> deadLetters(int limit) throws Exception;

    /** Replays one dead letter; returns how many letters went back to the retry topic. */
    int replay(String deadLetterId) throws Exception;
}
