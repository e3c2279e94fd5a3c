package io.cdp.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import org.glassfish.jersey.client.ClientProperties;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ManagementApiTest {
    private static final TestApp TEST = TestApp.named("mgmt");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app();
    private static final GenericType<Map<String, Object>> JSON = new GenericType<>() { };


    private Invocation.Builder api(String path) {
        // A generous read timeout: the shared build machine can be slow, and speed is not tested here.
        return APP.client().target("http://localhost:" + APP.getLocalPort() + "/api/v1" + path)
                .property(ClientProperties.READ_TIMEOUT, 30_000).request()
                .header("Authorization", "Bearer " + TEST.token());
    }

    private static Entity<Map<String, Object>> json(Map<String, Object> body) {
        return Entity.json(body);
    }

    @Test
    void refusesRequestsWithoutTheAdminToken() {
        String url = "http://localhost:" + APP.getLocalPort() + "/api/v1/workspaces";
        Response missing = APP.client().target(url).property(ClientProperties.READ_TIMEOUT, 30_000).request().get();
        assertThat(missing.getStatus()).isEqualTo(401);
        assertThat(missing.readEntity(JSON).get("error").toString()).contains("Authorization: Bearer");

        Response wrong = APP.client().target(url).property(ClientProperties.READ_TIMEOUT, 30_000).request()
                .header("Authorization", "Bearer nope").get();
        assertThat(wrong.getStatus()).isEqualTo(401);
        assertThat(wrong.readEntity(JSON).get("error").toString()).contains("admin token refused");
    }

    @Test
    void createsAndListsWorkspaces() {
        String name = TestServices.uniqueName("acme");
        Response created = api("/workspaces").post(json(Map.of("name", name, "tier", "pro")));
        Map<String, Object> workspace = created.readEntity(JSON);
        assertThat(created.getStatus()).as("%s", workspace).isEqualTo(201);
        assertThat(workspace).containsEntry("name", name).containsEntry("tier", "pro");
        assertThat(workspace.get("id").toString()).startsWith("ws_");
        assertThat(workspace.get("created_at").toString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");

        Map<String, Object> list = api("/workspaces").get(JSON);
        assertThat(list.get("workspaces").toString()).contains(name);
        assertThat(api("/workspaces/" + name).get(JSON)).containsEntry("id", workspace.get("id"));

        Response again = api("/workspaces").post(json(Map.of("name", name)));
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.readEntity(JSON)).containsEntry("field", "name");
    }

    @Test
    void defaultTierAndValidationNamesTheField() {
        String name = TestServices.uniqueName("plain");
        assertThat(api("/workspaces").post(json(Map.of("name", name))).readEntity(JSON))
                .containsEntry("tier", "default");

        Response badName = api("/workspaces").post(json(Map.of("name", "has space")));
        assertThat(badName.getStatus()).isEqualTo(400);
        assertThat(badName.readEntity(JSON)).containsEntry("field", "name");

        Response unknownTier = api("/workspaces").post(json(Map.of("name", TestServices.uniqueName("t"),
                "tier", "gold")));
        assertThat(unknownTier.getStatus()).isEqualTo(400);
        Map<String, Object> tierError = unknownTier.readEntity(JSON);
        assertThat(tierError).containsEntry("field", "tier");
        assertThat(tierError.get("error").toString()).contains("unknown tier 'gold'", "default, pro, enterprise");

        Response notJson = api("/workspaces").post(Entity.entity("name=x", "application/x-www-form-urlencoded"));
        assertThat(notJson.getStatus()).isEqualTo(415);

        Response malformed = api("/workspaces").post(Entity.entity("{\"name\":", "application/json"));
        assertThat(malformed.getStatus()).isEqualTo(400);
        assertThat(malformed.readEntity(JSON).get("error").toString()).startsWith("malformed JSON");

        Response limitsOnDefault = api("/workspaces").post(json(Map.of("name", TestServices.uniqueName("x"),
                "rate_burst", 10)));
        assertThat(limitsOnDefault.getStatus()).isEqualTo(400);
        assertThat(limitsOnDefault.readEntity(JSON)).containsEntry("field", "rate_burst");
    }

    @Test
    void enterpriseWorkspacesKeepTheirOwnLimits() {
        Map<String, Object> workspace = api("/workspaces").post(json(Map.of("name", TestServices.uniqueName("big"),
                "tier", "enterprise", "rate_burst", 20000, "rate_per_day", 500000000))).readEntity(JSON);
        assertThat(workspace).containsEntry("tier", "enterprise").containsEntry("rate_burst", 20000)
                .containsEntry("rate_per_day", 500000000);
    }

    @Test
    void createsListsAndRevokesKeysShowingTheRawKeyOnce() {
        String name = TestServices.uniqueName("keys");
        api("/workspaces").post(json(Map.of("name", name))).close();

        Response noSource = api("/keys").post(json(Map.of("workspace", name, "source", "web")));
        assertThat(noSource.getStatus()).isEqualTo(404);

        Response created = api("/keys").post(json(Map.of("workspace", name, "source", "web", "create_source", true)));
        Map<String, Object> key = created.readEntity(JSON);
        assertThat(created.getStatus()).as("%s", key).isEqualTo(201);
        String raw = key.get("key").toString();
        // id:secret, the form Jitsu's clients require: the id is public, the secret is not.
        String id = key.get("id").toString();
        assertThat(raw).startsWith(id + ":cdp_wk_").hasSizeGreaterThan(id.length() + 40);
        assertThat(key.get("masked").toString()).isEqualTo(raw.substring(0, id.length() + 12) + "…");
        assertThat(key).containsEntry("workspace_name", name).containsEntry("source_name", "web");

        // The source now exists: a second key reuses it.
        Map<String, Object> second = api("/keys").post(json(Map.of("workspace", name, "source", "web",
                "create_source", true))).readEntity(JSON);
        assertThat(second.get("source_id")).isEqualTo(key.get("source_id"));
        assertThat(api("/workspaces/" + name + "/sources").get(JSON).get("sources").toString()).contains("web");

        String listed = api("/keys?workspace=" + name).get(String.class);
        assertThat(listed).contains(key.get("id").toString()).doesNotContain(raw);

        Map<String, Object> revoked = api("/keys/" + key.get("id") + "/revoke").post(json(Map.of())).readEntity(JSON);
        assertThat(revoked).containsKey("revoked_at").doesNotContainKey("key");
        assertThat(api("/keys/" + second.get("id")).get(JSON)).doesNotContainKey("revoked_at");

        assertThat(api("/keys/key_nope/revoke").post(json(Map.of())).getStatus()).isEqualTo(404);
    }

    @Test
    void sourcesAreCreatedOncePerWorkspace() {
        String name = TestServices.uniqueName("src");
        api("/workspaces").post(json(Map.of("name", name))).close();
        Response created = api("/workspaces/" + name + "/sources").post(json(Map.of("name", "site", "type", "browser")));
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.readEntity(JSON)).containsEntry("type", "browser");
        assertThat(api("/workspaces/" + name + "/sources").post(json(Map.of("name", "site"))).getStatus())
                .isEqualTo(409);
        assertThat(api("/workspaces/nope-" + name + "/sources").get().getStatus()).isEqualTo(404);
    }
}
