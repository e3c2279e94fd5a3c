package io.cdp.server.identity;

import java.time.Instant;

/** An anonymous visitor known to be a user, as of the identify received at {@code identifiedAt}. */
public record Identity(String workspaceId, String anonymousId, String userId, Instant identifiedAt) {

    /** True when this identify should replace {@code other}: later, or as late with a greater user id. */
    public boolean supersedes(Identity other) {
        int byTime = identifiedAt.compareTo(other.identifiedAt);
        return byTime > 0 || (byTime == 0 && userId.compareTo(other.userId) > 0);
    }
}
