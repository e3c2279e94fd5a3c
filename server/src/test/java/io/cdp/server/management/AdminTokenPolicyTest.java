package io.cdp.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AdminTokenPolicyTest {
    private static final String STRONG = "0123456789abcdef0123456789abcdef01234567";

    private static DefaultServerFactory listeningOn(String applicationHost, String adminHost) {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory application = (HttpConnectorFactory) HttpConnectorFactory.application();
        application.setBindHost(applicationHost);
        HttpConnectorFactory admin = (HttpConnectorFactory) HttpConnectorFactory.admin();
        admin.setBindHost(adminHost);
        server.setApplicationConnectors(List.of(application));
        server.setAdminConnectors(List.of(admin));
        return server;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "localhost"})
    void onLoopbackAnyTokenOfSixteenCharactersWillDo(String host) {
        assertThat(AdminTokenPolicy.refusal("dev-admin-token-change-me", listeningOn(host, "127.0.0.1"))).isEmpty();
        assertThat(AdminTokenPolicy.refusal("short-but-local-1", listeningOn(host, host))).isEmpty();
    }

    @Test
    void noTokenNeverStartsWhereverItListens() {
        assertThat(AdminTokenPolicy.refusal(null, listeningOn("127.0.0.1", "127.0.0.1")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no admin token", "CDP_ADMIN_TOKEN"));
        assertThat(AdminTokenPolicy.refusal(" ", listeningOn("0.0.0.0", "127.0.0.1"))).isPresent();
    }

    @Test
    void beyondLoopbackThePublishedTokenIsRefusedNamingTheAddress() {
        assertThat(AdminTokenPolicy.refusal("dev-admin-token-change-me", listeningOn("0.0.0.0", "127.0.0.1")))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("published default", "0.0.0.0:8080", "CDP_ADMIN_TOKEN", "CDP_HTTP_HOST")
                        .doesNotContain("8081"));
    }

    @Test
    void beyondLoopbackAShortTokenIsRefusedAndALongOneAccepted() {
        // No bind host means every interface; a host name that needs a resolver counts as exposed too.
        assertThat(AdminTokenPolicy.refusal("a-token-of-31-characters-------", listeningOn(null, "127.0.0.1")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("31 characters", "*:8080"));
        assertThat(AdminTokenPolicy.refusal("a-token-of-31-characters-------", listeningOn("127.0.0.1", "cdp.internal")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("cdp.internal:8081"));
        assertThat(AdminTokenPolicy.refusal(STRONG, listeningOn("0.0.0.0", "0.0.0.0"))).isEmpty();
    }
}
