package io.cdp.cli.dev.stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One local development service run by {@code cdp dev}: a process of the project's own, with its
 * data, log and pid file under the data folder ({@link DevSettings#dataDir()}).
 *
 * <p>{@link LocalStack} drives the life cycle: {@link #missingPackages()} →
 * {@link #start(PrintWriter)} → poll {@link #ready()} until {@link #readyTimeout()} →
 * {@link #afterReady(PrintWriter)}; later {@link #stop()}. Implementations are not thread-safe.
 */
public interface LocalService {
    /** Short name used in commands and output: {@code postgres}, {@code kafka}, ... */
    String name();

    /** Debian packages to install before {@link #start}; empty when all is there. */
    List<String> missingPackages();

    /** The ports the service binds, each with the variable that moves it. */
    List<Port> ports();

    /** The process recorded in the pid file, when it is alive. */
    Optional<ProcessHandle> process();

    /** Prepares what is missing (data folder, configuration) and launches the process; does not wait. */
    void start(PrintWriter progress) throws IOException;

    /** Whether the service answers requests now. */
    boolean ready();

    /** How long {@link #ready()} may take after {@link #start} before it counts as failed. */
    Duration readyTimeout();

    /** Work once the service answers: create the database or the topics. */
    default void afterReady(PrintWriter progress) throws IOException {
    }

    /**
     * Stops the process recorded in the pid file.
     *
     * @return whether it is gone
     */
    boolean stop() throws IOException;

    /** Where clients reach it, e.g. {@code 127.0.0.1:15432}, with a hint of the protocol. */
    String address();

    /** Its main log file, for {@code cdp dev logs} and error messages. */
    Path logFile();

    /** Every log worth reading when it fails to start; the main one first. */
    default List<Path> logFiles() {
        return List.of(logFile());
    }

    /**
     * A port a service binds.
     *
     * @param number   the port
     * @param variable the environment variable that changes it
     */
    record Port(int number, String variable) {
    }
}
