package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.DevSettings;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Something {@code cdp dev up --with-server} does once the server answers, e.g. create a demo
 * source and print its write key with a curl line. Register it in
 * {@link DevUpCommand#AFTER_SERVER_READY}.
 */
@FunctionalInterface
public interface ServerReadyStep {
    /**
     * @param settings where the services and the server run ({@link DevSettings#serverUrl()})
     * @param out      the command's output
     */
    void run(DevSettings settings, PrintWriter out) throws IOException;
}
