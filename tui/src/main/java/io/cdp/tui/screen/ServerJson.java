package io.cdp.tui.screen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How the screens read the server's answers into their own records: ISO-8601 instants, and
 * fields a newer server adds are ignored rather than refused.
 */
public final class ServerJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServerJson() {
    }
}
