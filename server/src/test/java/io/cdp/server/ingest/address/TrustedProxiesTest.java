package io.cdp.server.ingest.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    private static InetAddress ip(String text) {
        return TrustedProxies.literal(text).orElseThrow();
    }

    private static boolean trusts(String ranges, String address) {
        return TrustedProxies.parse(List.of(ranges)).contains(ip(address));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0, true",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "10.0.0.0/8, 9.255.255.255, false",
            "192.168.1.7, 192.168.1.7, true",
            "192.168.1.7, 192.168.1.8, false",
            "192.168.1.7/32, 192.168.1.7, true",
            "172.16.0.0/12, 172.31.255.1, true",
            "172.16.0.0/12, 172.32.0.1, false",
            "100.64.0.0/10, 100.127.0.1, true",
            "100.64.0.0/10, 100.128.0.1, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "10.1.2.3/8, 10.9.9.9, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "2001:db8:0:0:0:0:0:0/32, 2001:0db8::7, true",
            "fd00::/7, fdff:1::1, true",
            "fd00::/7, fe00::1, false",
            "::1, ::1, true",
            "::1, 0:0:0:0:0:0:0:1, true",
            "::1, ::2, false",
            "2001:db8::1/127, 2001:db8::, true",
            "2001:db8::1/127, 2001:db8::2, false",
            "::/0, 2001:db8::1, true",
            "::ffff:10.0.0.0/104, 10.200.0.1, true",
            "::ffff:10.0.0.0/104, 11.0.0.1, false",
            "10.0.0.0/8, ::ffff:10.0.0.1, true"
    })
    void cidrRangesMatchIpv4AndIpv6(String ranges, String address, boolean expected) {
        assertThat(trusts(ranges, address)).isEqualTo(expected);
    }

    @Test
    void anIpv4RangeNeverMatchesIpv6AndTheReverse() {
        assertThat(trusts("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(trusts("::/0", "10.0.0.1")).isFalse();
    }

    @Test
    void entriesMaySplitOneStringOnCommasAndSpacesAndBlankOnesAreSkipped() {
        TrustedProxies trusted = TrustedProxies.parse(List.of(" 10.0.0.0/8,2001:db8::/32  192.168.1.7 ", "", " ::1"));

        assertThat(trusted.ranges()).containsExactly("10.0.0.0/8", "2001:db8::/32", "192.168.1.7/32", "::1/128");
        assertThat(trusted.contains(ip("192.168.1.7"))).isTrue();
        assertThat(trusted.contains(ip("::1"))).isTrue();
        assertThat(trusted.contains(ip("192.168.1.6"))).isFalse();
    }

    @Test
    void nothingConfiguredTrustsNobody() {
        assertThat(TrustedProxies.parse(List.of("")).isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(List.of()).contains(ip("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.parse(null)).isSameAs(TrustedProxies.NONE);
        assertThat(TrustedProxies.NONE).hasToString("nobody");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.300", "10.0.0", "localhost", "proxy.example.com", "10.0.0.0/33", "10.0.0.0/",
            "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/abc", "2001:db8::/129", "2001:db8:::1", "::ffff:10.0.0.0/95",
            "*", "10.0.0.0-10.0.0.9", "[::1]"})
    void anEntryThatIsNotAnAddressOrRangeIsRefusedByName(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8, " + entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + entry + "' is not a trusted proxy");
    }

    @Test
    void literalsAreNeverLookedUpInDns() {
        assertThat(TrustedProxies.literal("localhost")).isEmpty();
        assertThat(TrustedProxies.literal("example.com")).isEmpty();
        assertThat(TrustedProxies.literal(" 127.0.0.1 ")).contains(ip("127.0.0.1"));
        assertThat(TrustedProxies.literal(null)).isEmpty();
    }
}
