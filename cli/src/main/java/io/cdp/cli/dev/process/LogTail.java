package io.cdp.cli.dev.process;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** The end of a log file, and following what is appended to it ({@code tail -n N -f}). */
public final class LogTail {
    private static final Duration FOLLOW_POLL = Duration.ofMillis(300);

    private LogTail() {
    }

    /** The last {@code count} lines; empty when the file does not exist. */
    public static List<String> lastLines(Path file, int count) {
        if (!Files.isRegularFile(file) || count <= 0) {
            return List.of();
        }
        Deque<String> last = new ArrayDeque<>(count);
        // Logs of local services stay small; a streaming pass is simpler than seeking backwards.
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (last.size() == count) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return List.copyOf(last);
    }

    /**
     * Prints what is appended to {@code file} after its current end until {@code keepGoing} says
     * stop (Ctrl-C, for the command). A file that shrinks (rotated, recreated) is read from its start.
     */
    public static void follow(Path file, PrintWriter out, BooleanSupplier keepGoing) throws IOException {
        long position = Files.size(file);
        while (keepGoing.getAsBoolean()) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size < position) {
                position = 0;
            }
            if (size > position) {
                try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
                    reader.seek(position);
                    byte[] bytes = new byte[(int) Math.min(size - position, 1 << 20)];
                    reader.readFully(bytes);
                    position += bytes.length;
                    out.print(new String(bytes, StandardCharsets.UTF_8));
                    out.flush();
                }
            } else {
                Processes.sleep(FOLLOW_POLL);
            }
        }
    }
}
