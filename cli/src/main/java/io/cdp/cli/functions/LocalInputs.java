package io.cdp.cli.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.FunctionRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the files the local function commands take (function code, event JSON, NDJSON, props,
 * store seed), failing with a {@link BadInputException} that names the file, the line and what
 * to do, never with a stack trace.
 */
final class LocalInputs {
    private LocalInputs() {
    }

    /** A file the user named is missing, unreadable or not the JSON it should be. */
    static final class BadInputException extends Exception {
        BadInputException(String message) {
            super(message);
        }
    }

    static String text(Path file, String what) throws BadInputException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    static JsonNode json(Path file, String what) throws BadInputException {
        String text = text(file, what);
        try {
            return FunctionRuntime.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(what + " " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    static ObjectNode object(Path file, String what) throws BadInputException {
        JsonNode node = json(file, what);
        if (!node.isObject()) {
            throw new BadInputException(what + " " + file + " must hold one JSON object, not " + node.getNodeType()
                    .toString().toLowerCase() + (what.equals("event file") ? " (use --events for NDJSON, one event per line)" : ""));
        }
        return (ObjectNode) node;
    }

    /** One JSON value per non-blank line. */
    static List<JsonNode> ndjson(Path file, String what) throws BadInputException {
        List<JsonNode> values = new ArrayList<>();
        String[] lines = text(file, what).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                values.add(FunctionRuntime.mapper().readTree(lines[i]));
            } catch (JsonProcessingException e) {
                throw new BadInputException(what + " " + file + " line " + (i + 1) + " is not valid JSON: "
                        + e.getOriginalMessage());
            }
        }
        if (values.isEmpty()) {
            throw new BadInputException(what + " " + file + " holds no events: write one JSON object per line");
        }
        return values;
    }

    /** NDJSON whose every line is an event object. */
    static List<ObjectNode> events(Path file) throws BadInputException {
        List<ObjectNode> events = new ArrayList<>();
        List<JsonNode> values = ndjson(file, "events file");
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isObject()) {
                throw new BadInputException("events file " + file + ": event " + (i + 1) + " is not a JSON object");
            }
            events.add((ObjectNode) values.get(i));
        }
        return events;
    }
}
