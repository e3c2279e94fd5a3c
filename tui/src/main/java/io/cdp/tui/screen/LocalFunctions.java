package io.cdp.tui.screen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a local function file on events in the rotor's runtime, as {@code cdp functions test}
 * does, and returns what that command prints for each event. The command line provides it (it
 * holds the function runtime); the dashboard only shows the lines.
 */
public interface LocalFunctions {
    /**
     * Compiles {@code file} once and runs it on each event in order.
     *
     * @throws IllegalArgumentException the file cannot be read or compiled; the message says why
     */
    Runs run(Path file, List<ObjectNode> events);

    /**
     * What {@code cdp functions test} prints: its first line ({@code heading}: "Running f.js on 1
     * event (...)"), then the lines for each event, in order; and how many runs failed.
     */
    record Runs(String heading, List<List<String>> lines, int failures) {
    }
}
