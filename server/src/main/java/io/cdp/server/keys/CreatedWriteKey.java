package io.cdp.server.keys;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to creating a key: the stored key plus, this one time only, the raw {@code key}.
 */
public record CreatedWriteKey(@JsonUnwrapped WriteKey writeKey, String key) {
}
