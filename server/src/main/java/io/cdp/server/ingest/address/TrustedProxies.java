package io.cdp.server.ingest.address;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The proxies (load balancers, CDNs) whose {@code X-Forwarded-For} the ingest API believes:
 * single addresses and CIDR ranges, IPv4 and IPv6 ({@code 10.0.0.0/8}, {@code 192.168.1.7},
 * {@code 2001:db8::/32}, {@code ::1}). Entries are address literals only: a host name is refused
 * rather than looked up in DNS. Immutable and thread-safe.
 *
 * <p>Example: {@code TrustedProxies.parse(List.of("10.0.0.0/8", "::1")).contains(peer)}.
 */
public final class TrustedProxies {
    /** Trusts nobody: {@code X-Forwarded-For} and {@code X-Real-IP} are ignored. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * The proxies in {@code entries}; an entry may itself hold several separated by commas or
     * spaces (what one environment variable gives), and blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or CIDR range
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            if (entry == null) {
                continue;
            }
            Arrays.stream(entry.split("[,\\s]+")).filter(part -> !part.isEmpty())
                    .forEach(part -> ranges.add(Range.parse(part)));
        }
        return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
    }

    /** Whether no proxy is trusted. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} is one of the trusted proxies. */
    public boolean contains(InetAddress address) {
        return address != null && ranges.stream().anyMatch(range -> range.contains(address));
    }

    /** The ranges as CIDR text, in configuration order. */
    public List<String> ranges() {
        return ranges.stream().map(Range::toString).toList();
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "nobody" : String.join(", ", ranges());
    }

    /**
     * An address literal as an {@link InetAddress}, without any DNS lookup; empty when
     * {@code text} is not an IPv4 or IPv6 literal. IPv4-mapped IPv6 ({@code ::ffff:1.2.3.4}) comes
     * back as the IPv4 address, so both spellings of one client match the same ranges.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddresses.forString(text.strip()));
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }

    /** One CIDR range: the network's bytes and how many leading bits must match. */
    record Range(byte[] network, int prefixBits) {
        private static final String EXPECTED =
                "expected an IP address or a CIDR range, e.g. 10.0.0.0/8, 192.168.1.7, 2001:db8::/32 or ::1";

        static Range parse(String text) {
            int slash = text.indexOf('/');
            String addressText = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = literal(addressText).orElseThrow(() -> new IllegalArgumentException(
                    "'" + text + "' is not a trusted proxy: " + EXPECTED));
            byte[] bytes = address.getAddress();
            int maxBits = bytes.length * 8;
            int prefix = maxBits;
            if (slash >= 0) {
                prefix = prefixOf(text, text.substring(slash + 1));
                // ::ffff:10.0.0.0/104 is read as IPv4 (see literal()): its prefix counts IPv6 bits.
                if (address instanceof Inet4Address && addressText.contains(":")) {
                    prefix -= 96;
                }
                if (prefix < 0 || prefix > maxBits) {
                    throw new IllegalArgumentException("'" + text + "' is not a trusted proxy: the prefix length must be"
                            + " 0 to " + maxBits + " for an IPv" + (maxBits == 32 ? "4" : "6") + " address");
                }
            }
            return new Range(masked(bytes, prefix), prefix);
        }

        private static int prefixOf(String text, String digits) {
            if (!digits.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + text + "' is not a trusted proxy: '" + digits
                        + "' after the / is not a prefix length; " + EXPECTED);
            }
            return Integer.parseInt(digits);
        }

        /** {@code bytes} with every bit past the prefix cleared (10.1.2.3/8 is 10.0.0.0/8). */
        private static byte[] masked(byte[] bytes, int prefix) {
            byte[] network = bytes.clone();
            for (int bit = prefix; bit < network.length * 8; bit++) {
                network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
            return network;
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false; // IPv4 never matches an IPv6 range, nor the reverse
            }
            return Arrays.equals(masked(candidate, prefixBits), network);
        }

        @Override
        public String toString() {
            try {
                return InetAddresses.toAddrString(InetAddress.getByAddress(network)) + "/" + prefixBits;
            } catch (UnknownHostException impossible) { // only for a byte array of another length
                throw new IllegalStateException(impossible);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Range range && range.prefixBits == prefixBits
                    && Arrays.equals(range.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefixBits;
        }
    }
}
