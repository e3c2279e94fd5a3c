package io.cdp.functions.testing;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * HTTP handlers that answer 50 MB: chunked, with no Content-Length to refuse it by (what a fetch
 * size limit must stop while it streams), or with its Content-Length declared (what a fetch can
 * refuse before reading). Shared by the runtime's and the rotor's tests.
 */
public final class EndlessBody {
    /** Bytes sent when the reader does not stop earlier. */
    public static final long SIZE = 800L * 64 * 1024;

    private EndlessBody() {
    }

    /** 50 MB, chunked. */
    public static HttpHandler handler() {
        return send(0);
    }

    /**
     * 50 MB with its Content-Length. The body is really sent (not just announced and cut), so the
     * client always reads the headers first, however its reads and the server's close interleave.
     */
    public static HttpHandler declared() {
        return send(SIZE);
    }

    private static HttpHandler send(long contentLength) {
        return exchange -> {
            exchange.sendResponseHeaders(200, contentLength);
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
