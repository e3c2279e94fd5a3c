package io.cdp.server.ingest.address;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who sent a request: the address ingest writes into an event's {@code context.ip} when the
 * event brings none (as Segment's API and Jitsu do).
 *
 * <p>By default that is the TCP peer. Behind a load balancer the peer is the proxy, so proxies
 * listed in {@code ingest.trustedProxies} are looked through: when the peer is trusted, the
 * {@code X-Forwarded-For} chain is read from the right (each proxy appends the address it saw),
 * skipping trusted proxies, and the first address that is not one is the client. Everything left
 * of it was written by the client or by proxies nobody vouches for, so it is never believed; an
 * untrusted peer's headers are ignored altogether, whatever they say. A hop that is not an address
 * ({@code unknown}) ends the walk at the proxy that wrote it, and a chain of trusted proxies only
 * gives its left-most one (as nginx's {@code real_ip_recursive}). Without {@code X-Forwarded-For},
 * a trusted peer's {@code X-Real-IP} is taken. Addresses come back in canonical text
 * ({@code 2001:db8::1}, IPv4-mapped IPv6 as IPv4); a hop may carry a port
 * ({@code 1.2.3.4:5678}, {@code [2001:db8::1]:443}), which is dropped.
 *
 * <p>Immutable and thread-safe. Example:
 * {@code new ClientAddress(TrustedProxies.parse(List.of("10.0.0.0/8"))).resolve("10.0.0.5",
 * List.of("203.0.113.7, 10.0.0.9"), null)} gives {@code 203.0.113.7}.
 */
public final class ClientAddress {
    /** The de-facto standard header of the address chain. */
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    /** nginx's single-address header, used when a trusted proxy sends no {@value #FORWARDED_FOR}. */
    public static final String REAL_IP = "X-Real-IP";

    private final TrustedProxies trusted;

    public ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /**
     * The client's address.
     *
     * @param peer         the TCP peer as the server reports it ({@code 127.0.0.1}, {@code [::1]})
     * @param forwardedFor the {@value #FORWARDED_FOR} header's values in order (several headers
     *                     are one comma-separated chain); null or empty when there is none
     * @param realIp       the {@value #REAL_IP} header, or null
     * @return the address, or empty when the peer is not an IP address (no client to name)
     */
    public Optional<String> resolve(String peer, List<String> forwardedFor, String realIp) {
        Optional<InetAddress> peerAddress = address(peer);
        if (peerAddress.isEmpty() || !trusted.contains(peerAddress.get())) {
            return peerAddress.map(InetAddresses::toAddrString);
        }
        List<String> hops = hops(forwardedFor);
        if (hops.isEmpty()) {
            return Optional.of(InetAddresses.toAddrString(address(realIp).orElse(peerAddress.get())));
        }
        InetAddress nearest = peerAddress.get();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = address(hops.get(i));
            if (hop.isEmpty()) {
                break;
            }
            nearest = hop.get();
            if (!trusted.contains(nearest)) {
                break;
            }
        }
        return Optional.of(InetAddresses.toAddrString(nearest));
    }

    /** Whether the TCP peer is one of the trusted proxies, whose X-Forwarded-* headers are believed. */
    public boolean isTrustedProxy(String peer) {
        return address(peer).map(trusted::contains).orElse(false);
    }

    private static List<String> hops(List<String> headers) {
        List<String> hops = new ArrayList<>();
        if (headers != null) {
            for (String header : headers) {
                for (String hop : header == null ? new String[0] : header.split(",")) {
                    if (!hop.isBlank()) {
                        hops.add(hop.strip());
                    }
                }
            }
        }
        return hops;
    }

    /** An address literal, bracketed or not, with or without a port; empty for anything else. */
    private static Optional<InetAddress> address(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return TrustedProxies.literal(HostAndPort.fromString(text.strip()).getHost());
        } catch (IllegalArgumentException notHostAndPort) {
            return Optional.empty();
        }
    }
}
