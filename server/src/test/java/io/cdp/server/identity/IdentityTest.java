package io.cdp.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityTest {
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);

    @Test
    void theLaterIdentifyWinsAndTiesAreBrokenByUserIdWhateverTheOrder() {
        Identity early = new Identity("ws", "a", "zed", T1);
        Identity late = new Identity("ws", "a", "amy", T2);
        Identity tie = new Identity("ws", "a", "bob", T2);

        assertThat(IdentityRepo.latestPerVisitor(List.of(early, late, tie))).containsExactly(tie);
        assertThat(IdentityRepo.latestPerVisitor(List.of(tie, late, early))).containsExactly(tie);
    }

    @Test
    void oneIdentityPerVisitorSortedByKey() {
        List<Identity> latest = IdentityRepo.latestPerVisitor(List.of(
                new Identity("ws", "b", "u2", T1), new Identity("ws", "a", "u1", T1), new Identity("ws2", "a", "u3", T1)));

        assertThat(latest).extracting(Identity::anonymousId, Identity::workspaceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "ws"), org.assertj.core.groups.Tuple.tuple("b", "ws"),
                        org.assertj.core.groups.Tuple.tuple("a", "ws2"));
    }
}
