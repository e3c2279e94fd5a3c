package io.cdp.server.dlq;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a listing, newest first, and the cursor of the next page ({@code null} on the
 * last one): a client that asks again with {@code next}, and the same filters, until it is null
 * sees every matching letter exactly once.
 */
public record DeadLetterPage(@JsonProperty("dead_letters") List<DeadLetterEntry> letters,
                             @JsonProperty("next") String next) {
}
