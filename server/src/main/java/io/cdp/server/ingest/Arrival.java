package io.cdp.server.ingest;

import io.cdp.server.ingest.address.ClientAddress;
import java.time.Instant;
import java.util.Map;

/**
 * How a request reached the ingest API, which every event of it shares: when (the server's
 * clock, step 4's {@code receivedAt}), from which client address ({@link ClientAddress}; null
 * when unknown) and with which headers ({@link RequestHeaders}, passed on to functions).
 */
public record Arrival(Instant receivedAt, String clientAddress, Map<String, String> headers) {
}
