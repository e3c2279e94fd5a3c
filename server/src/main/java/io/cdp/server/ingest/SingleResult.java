package io.cdp.server.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a single event: {@code {"success": true}}, plus {@code "duplicate": true} when
 * the messageId was already seen (not an error: the event is simply not forwarded again).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SingleResult(boolean success, Boolean duplicate, @JsonIgnore String messageId) {
    public static SingleResult accepted(String messageId) {
        return new SingleResult(true, null, messageId);
    }

    public static SingleResult duplicateOf(String messageId) {
        return new SingleResult(true, true, messageId);
    }
}
