package io.cdp.server.bulker.stitch;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.identity.Identity;
import io.cdp.server.identity.IdentityRepo;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous half of identity stitching: every {@code interval}, claims the identities
 * whose earlier events still lack their user id (see {@link IdentityRepo#stitchPending}) and
 * stitches them in every destination. Each bulker process runs one; they share the work through
 * PostgreSQL row locks. A failed round leaves the identities pending for the next one.
 */
public final class StitchWorker implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StitchWorker.class);
    /** Identities claimed per transaction: one scan of each table stitches all of a workspace's. */
    static final int CLAIM = 200;

    private final IdentityRepo identities;
    private final List<Destination> destinations;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public StitchWorker(IdentityRepo identities, List<Destination> destinations, Duration interval) {
        this.identities = identities;
        this.destinations = destinations;
        this.interval = interval;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("bulker-stitch").setDaemon(true).build());
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Stitches everything pending now; returns how many identities were stitched. */
    public int stitchPending() {
        int total = 0;
        int stitched;
        do {
            stitched = identities.stitchPending(CLAIM, this::stitch);
            total += stitched;
        } while (stitched == CLAIM);
        return total;
    }

    private void runSafely() {
        try {
            int stitched = stitchPending();
            if (stitched > 0) {
                LOG.info("stitched the earlier events of {} identified visitors", stitched);
            }
        } catch (RuntimeException e) {
            LOG.warn("identity stitching failed, will try again: {}", e.getMessage(), e);
        }
    }

    private void stitch(List<Identity> pending) {
        Map<String, List<Identity>> byWorkspace = new LinkedHashMap<>();
        for (Identity identity : pending) {
            byWorkspace.computeIfAbsent(identity.workspaceId(), ignored -> new ArrayList<>()).add(identity);
        }
        for (Destination destination : destinations) {
            byWorkspace.forEach(destination::stitch);
        }
    }
}
