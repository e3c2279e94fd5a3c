package io.cdp.server.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.config.StartupRefused;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole server on the built-in configuration, started as an operator would: with the
 * defaults it refuses to start until it has a token of its own, and a token anyone can read
 * opens nothing beyond loopback. No app extension here: each test starts its own server.
 */
class AdminTokenStartupTest {
    private static final String DATABASE = TestServices.createMigratedDatabase("token");

    /** Starts the app, its API on {@code bindHost}, with these settings; what it threw, if it refused. */
    private static Throwable startWith(String bindHost, String... settings) {
        List<ConfigOverride> overrides = TestServices.overrides(DATABASE, TestServices.uniqueName("token"), bindHost);
        for (int i = 0; i < settings.length; i += 2) {
            overrides.add(ConfigOverride.config(settings[i], settings[i + 1]));
        }
        DropwizardTestSupport<CdpConfiguration> app = new DropwizardTestSupport<>(CdpApplication.class,
                CdpApplication.DEFAULT_CONFIG, overrides.toArray(ConfigOverride[]::new));
        try {
            app.before();
            return null;
        } catch (Exception refused) {
            return refused;
        } finally {
            app.after();
        }
    }

    @Test
    void withTheBuiltInConfigAndNoTokenTheServerRefusesToStartSayingWhatToSet() {
        assertThat(startWith("127.0.0.1")).isInstanceOf(StartupRefused.class)
                .hasMessageContaining("no admin token").hasMessageContaining("CDP_ADMIN_TOKEN");
    }

    @Test
    void thePublishedDevTokenIsRefusedBeyondLoopback() {
        assertThat(startWith("0.0.0.0", "adminToken", "dev-admin-token-change-me"))
                .isInstanceOf(StartupRefused.class)
                .hasMessageContaining("published default").hasMessageContaining("0.0.0.0:0");
    }

    @Test
    void onLoopbackAShortTokenStartsAndBeyondItALongOneDoes() {
        assertThat(startWith("127.0.0.1", "adminToken", "local-only-token-16")).isNull();
        assertThat(startWith("0.0.0.0", "adminToken", "a-long-random-token-0123456789abcdef")).isNull();
    }
}
