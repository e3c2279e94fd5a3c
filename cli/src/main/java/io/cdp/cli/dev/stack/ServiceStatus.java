package io.cdp.cli.dev.stack;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What {@code cdp dev status} knows about one service.
 *
 * @param name    the service's name
 * @param state   whether it runs and answers
 * @param pid     its process id while it runs
 * @param address where clients reach it
 * @param log     its main log file
 */
public record ServiceStatus(String name, State state, OptionalLong pid, String address, Path log) {
    /** The life states of a local service. */
    public enum State {
        /** Its process runs and it answers requests. */
        RUNNING("running"),
        /** Its process runs but does not answer (starting, stuck, or its port taken). */
        NOT_ANSWERING("not answering"),
        /** No process of ours. */
        STOPPED("stopped");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One aligned line: name, state, pid and address. */
    public String line() {
        String pidText = pid.isPresent() ? "pid " + pid.getAsLong() : "";
        return String.format("%-12s %-13s %-10s %s", name, state.label(), pidText, address).stripTrailing();
    }
}
