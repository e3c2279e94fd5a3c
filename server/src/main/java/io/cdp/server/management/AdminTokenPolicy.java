package io.cdp.server.management;

import com.google.common.net.InetAddresses;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the management API's token is safe for where the server listens, decided once at
 * startup. A token that anyone can read (one this project published as a default) or a short
 * one is accepted only while every connector listens on loopback, where only this machine's
 * users reach it; anywhere else the server refuses to start, in one line that says what to do.
 * A server with no token at all never starts: an open management API mints write keys, deploys
 * JavaScript that fetches, and replays dead letters.
 */
public final class AdminTokenPolicy {
    /** Tokens that have appeared in this project's defaults, and so are known to anyone. */
    static final Set<String> PUBLISHED = Set.of("dev-admin-token-change-me");
    /** The shortest token accepted where a connector listens beyond loopback (a 24-byte hex or base64 value). */
    public static final int MIN_EXPOSED_LENGTH = 32;

    private AdminTokenPolicy() {
    }

    /** Why the server must not start with {@code token} behind {@code server}'s connectors; empty when it may. */
    public static Optional<String> refusal(String token, ServerFactory server) {
        if (token == null || token.isBlank()) {
            return Optional.of("no admin token: set CDP_ADMIN_TOKEN (adminToken) to a random value of at least "
                    + MIN_EXPOSED_LENGTH + " characters, e.g. $(openssl rand -hex 24); `cdp dev up` generates one in"
                    + " .cdp/admin-token that `cdp server` and every cdp command use");
        }
        List<String> exposed = exposedAddresses(server);
        if (exposed.isEmpty()) {
            return Optional.empty();
        }
        String problem;
        if (PUBLISHED.contains(token)) {
            problem = "the admin token is a published default";
        } else if (token.length() < MIN_EXPOSED_LENGTH) {
            problem = "the admin token has " + token.length() + " characters, fewer than " + MIN_EXPOSED_LENGTH;
        } else {
            return Optional.empty();
        }
        return Optional.of(problem + " while the server listens beyond loopback (" + String.join(", ", exposed)
                + "): set CDP_ADMIN_TOKEN to a random value, e.g. $(openssl rand -hex 24), or bind every connector"
                + " to 127.0.0.1 (CDP_HTTP_HOST, CDP_ADMIN_HOST)");
    }

    /** host:port of each connector that does not listen on loopback only. */
    static List<String> exposedAddresses(ServerFactory server) {
        List<ConnectorFactory> connectors = new ArrayList<>();
        if (server instanceof DefaultServerFactory defaults) {
            connectors.addAll(defaults.getApplicationConnectors());
            connectors.addAll(defaults.getAdminConnectors());
        } else if (server instanceof SimpleServerFactory simple) {
            connectors.add(simple.getConnector());
        }
        List<String> exposed = new ArrayList<>();
        for (ConnectorFactory connector : connectors) {
            if (!(connector instanceof HttpConnectorFactory http)) {
                exposed.add("a connector of type " + connector.getClass().getSimpleName());
            } else if (!isLoopback(http.getBindHost())) {
                exposed.add((http.getBindHost() == null ? "*" : http.getBindHost()) + ":" + http.getPort());
            }
        }
        return exposed;
    }

    /** Literal loopback addresses and {@code localhost}; a name that needs a resolver counts as exposed. */
    static boolean isLoopback(String bindHost) {
        if (bindHost == null || bindHost.isBlank()) {
            return false;
        }
        if (bindHost.equalsIgnoreCase("localhost")) {
            return true;
        }
        return InetAddresses.isInetAddress(bindHost) && InetAddresses.forString(bindHost).isLoopbackAddress();
    }
}
