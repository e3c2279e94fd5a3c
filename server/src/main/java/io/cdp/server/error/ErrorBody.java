package io.cdp.server.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error response: {@code {"error": "...", "field": "..."}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String field, String id) {
    public static ErrorBody of(String error, String field) {
        return new ErrorBody(error, field, null);
    }
}
