package io.cdp.server.ingest.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final ClientAddress TRUST_NOBODY = new ClientAddress(TrustedProxies.NONE);
    private static final ClientAddress BEHIND_PROXIES =
            new ClientAddress(TrustedProxies.parse(List.of("10.0.0.0/8, 2001:db8:1::/48")));

    private static Optional<String> behindProxies(String peer, String... forwardedFor) {
        return BEHIND_PROXIES.resolve(peer, List.of(forwardedFor), null);
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeadersSay() {
        assertThat(TRUST_NOBODY.resolve("203.0.113.7", List.of("198.51.100.1"), "198.51.100.2"))
                .contains("203.0.113.7");
        assertThat(TRUST_NOBODY.resolve("10.0.0.5", List.of("198.51.100.1"), null)).contains("10.0.0.5");
    }

    @Test
    void anUntrustedPeersForwardingHeadersAreIgnored() {
        assertThat(behindProxies("203.0.113.7", "198.51.100.1")).contains("203.0.113.7");
        assertThat(BEHIND_PROXIES.resolve("203.0.113.7", null, "198.51.100.2")).contains("203.0.113.7");
    }

    @Test
    void theRightMostHopThatIsNotATrustedProxyIsTheClient() {
        assertThat(behindProxies("10.0.0.5", "198.51.100.1")).contains("198.51.100.1");
        // The client made up the left-most entry; proxies 10.1.1.1 and 10.0.0.9 appended the rest.
        assertThat(behindProxies("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.1.1.1, 10.0.0.9")).contains("203.0.113.7");
    }

    @Test
    void severalHeadersAreOneChainInTheirOrder() {
        assertThat(behindProxies("10.0.0.5", "6.6.6.6, 203.0.113.7", "10.1.1.1")).contains("203.0.113.7");
        assertThat(behindProxies("10.0.0.5", "203.0.113.7", " , 198.51.100.4 ,")).contains("198.51.100.4");
    }

    @Test
    void aChainOfTrustedProxiesOnlyGivesItsLeftMostAddress() {
        assertThat(behindProxies("10.0.0.5", "10.3.3.3, 10.2.2.2")).contains("10.3.3.3");
    }

    @Test
    void aHopThatIsNotAnAddressEndsTheWalkAtTheProxyThatWroteIt() {
        assertThat(behindProxies("10.0.0.5", "203.0.113.7, unknown")).contains("10.0.0.5");
        assertThat(behindProxies("10.0.0.5", "203.0.113.7, unknown, 10.4.4.4")).contains("10.4.4.4");
        assertThat(behindProxies("10.0.0.5", "evil.example.com")).contains("10.0.0.5");
    }

    @Test
    void hopsMayCarryPortsAndBracketsAndComeBackCanonical() {
        assertThat(behindProxies("10.0.0.5", "203.0.113.7:5123")).contains("203.0.113.7");
        assertThat(behindProxies("10.0.0.5", "[2001:DB8:2::0001]:443")).contains("2001:db8:2::1");
        assertThat(behindProxies("10.0.0.5", "2001:0db8:0002:0000:0000:0000:0000:0001")).contains("2001:db8:2::1");
        assertThat(behindProxies("10.0.0.5", "::ffff:203.0.113.7")).contains("203.0.113.7");
    }

    @Test
    void ipv6PeersAndProxiesWork() {
        assertThat(TRUST_NOBODY.resolve("[0:0:0:0:0:0:0:1]", List.of(), null)).contains("::1");
        assertThat(behindProxies("[2001:db8:1::9]", "2001:db8:2::1, 2001:db8:1:ffff::1")).contains("2001:db8:2::1");
        assertThat(behindProxies("2001:db8:2::9", "198.51.100.1")).contains("2001:db8:2::9");
    }

    @Test
    void realIpIsTakenFromATrustedPeerOnlyWithoutForwardedFor() {
        assertThat(BEHIND_PROXIES.resolve("10.0.0.5", List.of(), "198.51.100.2")).contains("198.51.100.2");
        assertThat(BEHIND_PROXIES.resolve("10.0.0.5", List.of("203.0.113.7"), "198.51.100.2"))
                .contains("203.0.113.7");
        assertThat(BEHIND_PROXIES.resolve("10.0.0.5", null, "not-an-ip")).contains("10.0.0.5");
        assertThat(BEHIND_PROXIES.resolve("10.0.0.5", null, null)).contains("10.0.0.5");
    }

    @Test
    void aPeerThatIsNotAnAddressNamesNoClient() {
        assertThat(TRUST_NOBODY.resolve(null, List.of(), null)).isEmpty();
        assertThat(TRUST_NOBODY.resolve("unix:/run/cdp.sock", List.of(), null)).isEmpty();
        assertThat(BEHIND_PROXIES.resolve("", List.of("203.0.113.7"), null)).isEmpty();
    }
}
