package io.cdp.server.rotor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Applies the configured {@link RotorConfig.IpPolicy} to an event's {@code context.ip} (Segment's
 * place for the client address). Pure functions; thread-safe.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\.\\d{1,3}");

    private IpAddresses() {
    }

    /** Changes {@code event} in place. */
    public static void apply(RotorConfig.IpPolicy policy, ObjectNode event) {
        if (policy == RotorConfig.IpPolicy.KEEP || !(event.get("context") instanceof ObjectNode context)) {
            return;
        }
        JsonNode ip = context.get("ip");
        if (ip == null || !ip.isTextual()) {
            return;
        }
        if (policy == RotorConfig.IpPolicy.REMOVE) {
            context.remove("ip");
        } else {
            context.put("ip", reduce(ip.asText()));
        }
    }

    /** 1.2.3.4 becomes 1.2.3.0; an IPv6 address keeps its first 48 bits; anything else is removed to "". */
    static String reduce(String address) {
        var v4 = IPV4.matcher(address.trim());
        if (v4.matches()) {
            return v4.group(1) + ".0";
        }
        if (address.contains(":")) {
            try {
                byte[] bytes = InetAddress.getByName(address.trim()).getAddress();
                for (int i = 6; i < bytes.length; i++) {
                    bytes[i] = 0;
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException | SecurityException e) {
                return "";
            }
        }
        return "";
    }
}
