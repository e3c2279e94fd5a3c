package io.cdp.tui.overview;

import java.util.List;

/** A row of block characters whose heights follow a series of values: a sparkline. Stateless. */
public final class Sparkline {
    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {
    }

    /** One character per value, the largest value full height; all-zero values give the lowest bar. */
    public static String of(List<Double> values) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder line = new StringBuilder(values.size());
        for (double value : values) {
            int level = max <= 0 ? 0 : (int) Math.round(value / max * (BARS.length - 1));
            line.append(BARS[Math.max(0, Math.min(BARS.length - 1, level))]);
        }
        return line.toString();
    }
}
