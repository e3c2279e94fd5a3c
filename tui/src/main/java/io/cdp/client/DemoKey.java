package io.cdp.client;

import java.net.URI;

/**
 * A write key made for trying the server out, with the curl line that sends a first event.
 * {@code workspace} is the workspace's name, {@code workspaceId} its id (which names its tables).
 *
 * <pre>{@code
 * DemoKey demo = client.demoKey();
 * out.println("write key: " + demo.key());
 * out.println(demo.curlCommand());
 * }</pre>
 */
public record DemoKey(URI server, String workspace, String workspaceId, String source, String keyId, String key) {
    public static final String WORKSPACE = "demo";
    public static final String SOURCE = "demo-web";

    /** A shell line that posts one track event with this key (HTTP Basic, empty password). */
    public String curlCommand() {
        return "curl -sS -u '" + key + ":' -H 'Content-Type: application/json' " + server + "/v1/track"
                + " -d '{\"userId\":\"user-1\",\"event\":\"Signed Up\",\"properties\":{\"plan\":\"pro\"}}'";
    }
}
