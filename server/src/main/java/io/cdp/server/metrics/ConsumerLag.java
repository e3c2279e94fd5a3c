package io.cdp.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The gauge {@code cdp_consumer_records_lag_max{group}}: how many records the consumer of a group
 * is behind on its most lagging partition, as the consumer itself measures it on each fetch (its
 * {@code records-lag-max} metric, the largest value over the last sample window). NaN while the
 * group's consumer is not running or has fetched nothing lately. The consumer may be replaced (a
 * restarted loop): {@link #watch} the new one. Thread-safe.
 *
 * <pre>{@code
 * ConsumerLag lag = ConsumerLag.register(registry, "cdp-rotor");
 * lag.watch(consumer);
 * }</pre>
 */
public final class ConsumerLag {
    private static final String FETCH_MANAGER_GROUP = "consumer-fetch-manager-metrics";
    private static final String RECORDS_LAG_MAX = "records-lag-max";

    private final AtomicReference<Consumer<?, ?>> consumer = new AtomicReference<>();

    private ConsumerLag() {
    }

    /** Registers the gauge of {@code group}; it reads whichever consumer was watched last. */
    public static ConsumerLag register(MeterRegistry registry, String group) {
        ConsumerLag lag = new ConsumerLag();
        Gauge.builder("cdp.consumer.records.lag.max", lag, ConsumerLag::recordsLagMax)
                .description("Records the group's consumer is behind on its most lagging partition (the consumer's"
                        + " records-lag-max)")
                .tag("group", group).strongReference(true).register(registry);
        return lag;
    }

    /** Reads {@code consumer} from now on; returns it, so a factory can wrap its result. */
    public <C extends Consumer<?, ?>> C watch(C consumer) {
        this.consumer.set(consumer);
        return consumer;
    }

    double recordsLagMax() {
        Consumer<?, ?> current = consumer.get();
        if (current == null) {
            return Double.NaN;
        }
        for (Map.Entry<MetricName, ? extends Metric> entry : current.metrics().entrySet()) {
            MetricName name = entry.getKey();
            // The client-wide figure; the per-topic and per-partition ones carry those tags.
            if (RECORDS_LAG_MAX.equals(name.name()) && FETCH_MANAGER_GROUP.equals(name.group())
                    && !name.tags().containsKey("topic") && !name.tags().containsKey("partition")) {
                return entry.getValue().metricValue() instanceof Number value ? value.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
