package io.cdp.functions.testing;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An HTTP handler that answers 50 MB, chunked, with no Content-Length to refuse it by: what a
 * fetch size limit must stop while it streams. Shared by the runtime's and the rotor's tests.
 */
public final class EndlessBody {
    /** Bytes sent when the reader does not stop earlier. */
    public static final long SIZE = 800L * 64 * 1024;

    private EndlessBody() {
    }

    public static HttpHandler handler() {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < SIZE; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException readerStopped) {
                // Expected: the reader stops at its limit and closes the connection.
            }
        };
    }
}
