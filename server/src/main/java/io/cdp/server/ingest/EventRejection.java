package io.cdp.server.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One refused event of a batch, as the response lists it: its index in the batch, its
 * messageId when it had one, why, and the offending field. {@code status} (the code the event
 * would have had alone) and {@code payload} are for the log only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventRejection(int index, String messageId, String error, String field,
                        @JsonIgnore int status, @JsonIgnore JsonNode payload) {
}
