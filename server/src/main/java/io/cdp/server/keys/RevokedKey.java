package io.cdp.server.keys;

/** A key just revoked: its id and the hash under which caches hold it. */
public record RevokedKey(String id, String keyHash) {
}
