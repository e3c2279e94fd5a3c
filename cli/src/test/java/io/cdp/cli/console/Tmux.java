package io.cdp.cli.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real terminal for a test: a tmux session of 80×24 on a tmux server of the test's own
 * ({@code -L socket}, so no one else's tmux is touched), driven with send-keys and read with
 * capture-pane. Closing it kills that tmux server only.
 */
final class Tmux implements AutoCloseable {
    static final int COLUMNS = 80;
    static final int ROWS = 24;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String socket;
    private final String session = "console";

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts {@code command} in a new 80×24 session. */
    static Tmux start(String socket, List<String> command) throws Exception {
        Tmux tmux = new Tmux(socket);
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", tmux.session, "-x",
                String.valueOf(COLUMNS), "-y", String.valueOf(ROWS)));
        // The command (a java with the whole test class path) can be longer than tmux takes on
        // its command line: a script runs it instead.
        java.nio.file.Path script = java.nio.file.Files.createTempFile("tmux-command-", ".sh");
        // Its stderr goes to a file: the JVM's own warnings (a JDK 25 warns about native access)
        // would otherwise be written over the screen the test reads.
        java.nio.file.Files.writeString(script, "exec " + String.join(" ", command.stream().map(Tmux::quoted).toList())
                + " 2>>" + quoted(script + ".stderr") + "\n");
        script.toFile().deleteOnExit();
        args.add("sh " + quoted(script.toString()));
        tmux.run(args);
        return tmux;
    }

    /** Presses keys by tmux name ("Enter", "Escape", "Down", "q", ...), one at a time. */
    void keys(String... keys) throws Exception {
        for (String key : keys) {
            run(List.of("send-keys", "-t", session, key));
            // Escape followed at once by another key reads as Alt+key: give each its own moment.
            Thread.sleep(150);
        }
    }

    /** Types text as it is. */
    void type(String text) throws Exception {
        run(List.of("send-keys", "-t", session, "-l", text));
    }

    /** The screen as text, one line per row. */
    String screen() throws Exception {
        return run(List.of("capture-pane", "-p", "-t", session));
    }

    /** Waits until the screen shows every one of {@code texts}; returns that screen. */
    String await(String... texts) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String screen = screen();
        while (!containsAll(screen, texts)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the dashboard never showed " + List.of(texts) + "; it shows:\n" + screen);
            }
            Thread.sleep(200);
            screen = screen();
        }
        return screen;
    }

    boolean running() throws Exception {
        Process process = new ProcessBuilder("tmux", "-L", socket, "has-session", "-t", session)
                .redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** Keeps a screen for the documentation's text screenshots (target/console-screens). */
    static void keep(String name, String screen) throws IOException {
        Path folder = Path.of("target", "console-screens");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name + ".txt"), screen, StandardCharsets.UTF_8);
    }

    private static boolean containsAll(String screen, String... texts) {
        for (String text : texts) {
            if (!screen.contains(text)) {
                return false;
            }
        }
        return true;
    }

    private String run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("tmux " + args + " failed: " + output);
        }
        return output;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor();
    }
}
