package io.cdp.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Exit codes of the commands that talk to a server, and the one place that lists them in those
 * commands' help (every command with a {@link ServerOptions} mixin).
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The server answered with an error (its message is printed). */
    public static final int REFUSED = 1;
    /** Wrong usage (picocli's own code). */
    public static final int USAGE = 2;
    /** No server answered at the address. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }

    /** Adds the exit-code section to the help of every client command under {@code root}. */
    public static void describeClientCommands(CommandLine root) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(OK), "done");
        codes.put(String.valueOf(REFUSED), "the server refused (the message says why and what to do)");
        codes.put(String.valueOf(USAGE), "invalid command line");
        codes.put(String.valueOf(UNREACHABLE), "no server answered (start one with ./cdp dev up --with-server)");
        visit(root.getCommandSpec(), codes);
    }

    private static void visit(CommandSpec command, Map<String, String> codes) {
        boolean client = command.mixins().values().stream()
                .anyMatch(mixin -> mixin.userObject() instanceof ServerOptions);
        if (client && command.usageMessage().exitCodeList().isEmpty()) {
            command.usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(codes);
        }
        command.subcommands().values().forEach(sub -> visit(sub.getCommandSpec(), codes));
    }
}
