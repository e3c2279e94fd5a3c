package io.cdp.server.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse server version as {@code SELECT version()} reports it ({@code 18.16.1},
 * {@code 24.8.4.13}); only major, minor and patch matter for feature detection.
 *
 * <pre>{@code ClickHouseVersion.parse("24.8.4.13").atLeast(20, 1)  // true}</pre>
 */
public record ClickHouseVersion(int major, int minor, int patch) implements Comparable<ClickHouseVersion> {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Parses the leading {@code major.minor[.patch]} of a version string. */
    public static ClickHouseVersion parse(String text) {
        Matcher matcher = VERSION.matcher(text == null ? "" : text.strip());
        if (!matcher.find()) {
            throw new IllegalArgumentException("not a ClickHouse version: '" + text + "'");
        }
        int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
        return new ClickHouseVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch);
    }

    /** True when this version is {@code major.minor} or later. */
    public boolean atLeast(int major, int minor) {
        return compareTo(new ClickHouseVersion(major, minor, 0)) >= 0;
    }

    @Override
    public int compareTo(ClickHouseVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
