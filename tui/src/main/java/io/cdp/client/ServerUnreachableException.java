package io.cdp.client;

import java.net.URI;

/** Nothing answered at the server address: the server is not running, or the address is wrong. */
public class ServerUnreachableException extends Exception {
    private final URI server;

    public ServerUnreachableException(URI server, String origin, Throwable cause) {
        super("cannot reach the CDP server at " + server + " (from " + origin + ")", cause);
        this.server = server;
    }

    public URI server() {
        return server;
    }
}
