package io.cdp.server.ingest.auth;

import io.cdp.server.error.AppError;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.keys.KeyUsageService;
import io.cdp.server.keys.WriteKeys;

/**
 * Pipeline step 1: a write key in, the source and workspace it belongs to out, or a 401 that
 * says what is wrong. The key itself never appears in a message. Thread-safe.
 *
 * @param cache the keys' owners, by hash
 * @param usage where each successful authentication notes the key's last use (in memory, flushed later)
 */
public record WriteKeyAuthenticator(WriteKeyCache cache, KeyUsageService usage) {

    public KeyOwner authenticate(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw AppError.unauthorized("no write key: send it as the HTTP Basic user name, in an X-Write-Key"
                    + " header, or as writeKey in the body");
        }
        KeyOwner owner = cache.lookup(WriteKeys.hash(writeKey)).orElseThrow(() -> AppError.unauthorized(
                "unknown write key " + WriteKeys.mask(writeKey) + ": create one with `cdp keys create`"));
        if (owner.revoked()) {
            throw AppError.unauthorized("write key " + WriteKeys.mask(writeKey) + " was revoked: create a new one"
                    + " with `cdp keys create`");
        }
        usage.used(owner.keyId());
        return owner;
    }
}
