package io.cdp.cli.command;

import io.cdp.client.ClientSettings;
import io.cdp.client.IngestClient;
import io.cdp.client.ManagementClient;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --token}, shared by every command that talks to a running server.
 * Without them the address and admin token come from {@code CDP_SERVER}/{@code CDP_ADMIN_TOKEN},
 * then from the file a dev server writes under {@code .cdp/}, then from the dev defaults.
 */
public class ServerOptions {
    @Option(names = "--server", paramLabel = "URL",
            description = "Address of the server (default: CDP_SERVER, else the address in .cdp/server.json, else"
                    + " the dev server at " + ClientSettings.DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Admin token of the management API (default: CDP_ADMIN_TOKEN, .cdp/server.json,"
                    + " else the dev token).")
    String token;

    public ClientSettings settings() {
        return ClientSettings.resolve(server, token, System.getenv());
    }

    public ManagementClient management() {
        return new ManagementClient(settings());
    }

    public IngestClient ingest() {
        ClientSettings settings = settings();
        return new IngestClient(settings.server(), settings.origin());
    }
}
