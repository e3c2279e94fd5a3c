package io.cdp.cli.dev.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of another {@code cdp} command in a new JVM: the same java, JVM flags (GC,
 * GraalJS's JIT module path, native access) and class path as this one. Used where a command
 * must run with the local services' environment rather than this process's: the server of
 * {@code --with-server} and its migrations.
 */
public final class CdpProcess {
    /** The CLI's main class; the server process is recognised by it. */
    public static final String MAIN_CLASS = "io.cdp.cli.Cdp";

    private CdpProcess() {
    }

    /** {@code java <this JVM's flags> -cp <class path> io.cdp.cli.Cdp ARGS...}. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(List.of(args));
        return command;
    }
}
