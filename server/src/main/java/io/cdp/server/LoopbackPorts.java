package io.cdp.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports on loopback for the server processes the project's own tools start (benchmarks, tests).
 * A port the system hands out for port 0 is in Linux's ephemeral range (32768 and up), where any
 * outgoing connection may take it during the seconds a server needs to start and bind it; these
 * are below that range, where a port is only ever taken by choice. They are handed out in turn
 * from a random start, so that two servers started one after the other never get the same one.
 */
public final class LoopbackPorts {
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS = 12_000;
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORTS));

    private LoopbackPorts() {
    }

    /** A port nothing listens on now. */
    public static int free() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = FIRST_PORT + Math.floorMod(NEXT.getAndIncrement(), PORTS);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IOException("no free port between " + FIRST_PORT + " and " + (FIRST_PORT + PORTS) + " on loopback");
    }
}
