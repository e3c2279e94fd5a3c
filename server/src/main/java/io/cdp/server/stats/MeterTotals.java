package io.cdp.server.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process's own {@code cdp_*} meters as JSON, under the names {@code /prometheus} gives
 * them ({@code cdp_ingest_events_accepted_total{reason=...}}): the same figures, for clients of
 * the management API (the dashboard), which do not reach the admin port. Counters and timers give
 * their running totals, gauges their value; rates come from two readings. Thread-safe.
 */
public class MeterTotals {
    private static final String PREFIX = "cdp_";

    private final MeterRegistry registry;
    private final Clock clock;

    public MeterTotals(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public Reading read() {
        List<Sample> samples = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getConventionName(registry.config().namingConvention());
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Map<String, String> tags = new TreeMap<>();
            for (Tag tag : meter.getId().getConventionTags(registry.config().namingConvention())) {
                tags.put(tag.getKey(), tag.getValue());
            }
            double value;
            if (meter instanceof Counter counter) {
                value = counter.count();
                name = total(name);
            } else if (meter instanceof FunctionCounter counter) {
                value = counter.count();
                name = total(name);
            } else if (meter instanceof Timer timer) {
                value = timer.count();
                name = name + "_count";
            } else if (meter instanceof Gauge gauge) {
                value = gauge.value();
            } else {
                continue;
            }
            if (!Double.isNaN(value)) {
                samples.add(new Sample(name, tags, value));
            }
        }
        samples.sort(Comparator.comparing(Sample::name).thenComparing(sample -> sample.tags().toString()));
        return new Reading(clock.instant(), samples);
    }

    /** Prometheus' name of a counter ends in _total, whichever convention the registry leaves it to. */
    private static String total(String name) {
        return name.endsWith("_total") ? name : name + "_total";
    }

    /** The meters at one instant. */
    public record Reading(@JsonProperty("at") Instant at, @JsonProperty("meters") List<Sample> meters) {
    }

    /** One series: its Prometheus name, labels and value. */
    public record Sample(@JsonProperty("name") String name, @JsonProperty("tags") Map<String, String> tags,
                         @JsonProperty("value") double value) {
    }
}
