package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;

/**
 * Ingest's checks, run again on a letter ingest refused, so that a replay meets every check the
 * event would have met (ingest implements it; the dead-letter service only calls it).
 */
public interface IngestRecheck {
    /**
     * The envelope to put on the ingest topic.
     *
     * @throws io.cdp.server.error.AppError when ingest refuses the event again, with its reason and field
     */
    EventEnvelope recheck(DeadLetter letter);
}
