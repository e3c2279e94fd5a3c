package io.cdp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Exit code, standard output and standard error of one in-process {@code cdp} run, for tests. */
public record CdpRun(int exitCode, String out, String err) {
    /** Runs {@code cdp ARGS} exactly as given. */
    public static CdpRun of(String... args) {
        return execute(Cdp.commandLine(), args);
    }

    /** Runs one command on its own, e.g. {@code cdp dev} built with the environment a test gives it. */
    public static CdpRun alone(Object command, String... args) {
        return execute(new CommandLine(command), args);
    }

    private static CdpRun execute(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CdpRun(code, out.toString(), err.toString());
    }

    /** Runs {@code cdp ARGS --server http://127.0.0.1:PORT --token TOKEN}. */
    public static CdpRun against(int port, String token, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", "http://127.0.0.1:" + port, "--token", token));
        return of(all.toArray(String[]::new));
    }
}
