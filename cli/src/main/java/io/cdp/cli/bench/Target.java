package io.cdp.cli.bench;

/**
 * A figure a benchmark aims at: its bound, which side of it is good, and the verdict printed after
 * the measured figure, e.g. {@code (target >= 0.8: met)}.
 */
record Target(String figure, boolean atLeast, double bound, String boundFormat) {
    /** Send to stored (queryable) p99 of the bulker and pipeline benchmarks, in milliseconds. */
    static final Target P99_MILLIS = new Target("p99 ", false, 5000, "%.0f ms");

    /** A ratio to a baseline that must reach {@code bound}. */
    static Target ratioAtLeast(double bound) {
        return new Target("", true, bound, "%.1f");
    }

    boolean met(double measured) {
        return atLeast ? measured >= bound : measured < bound;
    }

    /** {@code (target >= 0.8: met)}, or {@code NOT met}. */
    String verdict(double measured) {
        return String.format("(target %s%s " + boundFormat + ": %s)", figure, atLeast ? ">=" : "<", bound,
                met(measured) ? "met" : "NOT met");
    }
}
