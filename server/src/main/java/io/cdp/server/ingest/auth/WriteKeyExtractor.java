package io.cdp.server.ingest.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.keys.WriteKeys;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the write key where Segment, RudderStack and Jitsu clients put it: the user name of HTTP
 * Basic auth (empty password), an {@code X-Write-Key} header, or {@code writeKey} in the JSON
 * body. A key of the form {@code id:secret} is itself the Basic user name followed by an empty
 * password ({@code id:secret:}), or the user name and password. Stateless.
 */
public final class WriteKeyExtractor {
    /** Header some clients (and curl users) find simpler than Basic auth. */
    public static final String HEADER = "X-Write-Key";
    /** Body field of Segment's HTTP API. */
    public static final String BODY_FIELD = "writeKey";

    private WriteKeyExtractor() {
    }

    /** The key from the headers, when there is one. */
    public static Optional<String> fromHeaders(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basicUser(authorization.substring(6).strip());
        }
        String header = headers.getHeaderString(HEADER);
        return header == null || header.isBlank() ? Optional.empty() : Optional.of(header.strip());
    }

    /** The key from a JSON body's {@code writeKey}, when there is one. */
    public static Optional<String> fromBody(JsonNode body) {
        JsonNode key = body == null ? null : body.get(BODY_FIELD);
        return key != null && key.isTextual() && !key.asText().isBlank() ? Optional.of(key.asText().strip())
                : Optional.empty();
    }

    private static Optional<String> basicUser(String credentials) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = decoded.lastIndexOf(':');
            boolean passwordIsSecret = colon >= 0 && decoded.startsWith(WriteKeys.PREFIX, colon + 1);
            String user = colon < 0 || passwordIsSecret ? decoded : decoded.substring(0, colon);
            return user.isBlank() ? Optional.empty() : Optional.of(user);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
