package io.cdp.server.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A JDK HTTP server on a free loopback port, standing in for a site that user functions fetch
 * from. Stop it with {@code stop(0)} after the tests.
 */
public final class LocalHttpServer {
    private LocalHttpServer() {
    }

    /** A started server that answers requests under {@code path} with {@code handler}. */
    public static HttpServer serving(String path, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(path, handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
