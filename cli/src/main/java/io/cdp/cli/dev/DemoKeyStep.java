package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.client.ApiException;
import io.cdp.client.ClientSettings;
import io.cdp.client.DemoKey;
import io.cdp.client.ManagementClient;
import io.cdp.client.ServerUnreachableException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The last step of {@code cdp dev up --with-server}: a fresh write key of the {@code demo}
 * workspace (created on first use), a first event sent with it and seen landing in ClickHouse
 * ({@link FirstEventCheck}), and a curl line that sends another. A failure
 * here does not fail {@code dev up}: the services run, and the message says how to get a key.
 */
public final class DemoKeyStep implements ServerReadyStep {
    private final Map<String, String> env;

    public DemoKeyStep(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void run(DevSettings settings, PrintWriter out) {
        ManagementClient client = new ManagementClient(ClientSettings.resolve(settings.serverUrl(), null, env));
        try {
            DemoKey demo = client.demoKey();
            out.println();
            out.println("Demo workspace '" + demo.workspace() + "', source '" + demo.source() + "'. Write key"
                    + " (shown only now): " + demo.key());
            new FirstEventCheck(env).run(settings, demo, out);
            out.println("Send another event:");
            out.println("  " + demo.curlCommand());
        } catch (ApiException | ServerUnreachableException failed) {
            out.println();
            out.println("demo write key: not created (" + failed.getMessage() + "); once the server answers, run"
                    + " ./cdp workspaces create demo && ./cdp keys create --workspace demo --source demo-web");
        }
        out.flush();
    }
}
