package io.cdp.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The differences between an expected and an actual JSON value, one line per differing path:
 * {@code - /properties/plan: "pro"} (expected) and {@code + /properties/plan: "free"} (actual).
 * Objects compare by field, arrays by index; no line means equal.
 */
final class JsonDiff {
    private JsonDiff() {
    }

    static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> lines = new ArrayList<>();
        walk("", expected, actual, lines);
        return lines;
    }

    private static void walk(String path, JsonNode expected, JsonNode actual, List<String> lines) {
        if (expected == null || actual == null) {
            if (expected != null) {
                lines.add("- " + label(path) + ": " + expected);
            }
            if (actual != null) {
                lines.add("+ " + label(path) + ": " + actual);
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                walk(path + "/" + name, expected.get(name), actual.get(name), lines);
            }
        } else if (expected.isArray() && actual.isArray()) {
            int size = Math.max(expected.size(), actual.size());
            for (int i = 0; i < size; i++) {
                walk(path + "/" + i, expected.get(i), actual.get(i), lines);
            }
        } else if (!expected.equals(actual)) {
            lines.add("- " + label(path) + ": " + expected);
            lines.add("+ " + label(path) + ": " + actual);
        }
    }

    private static String label(String path) {
        return path.isEmpty() ? "(whole value)" : path;
    }
}
