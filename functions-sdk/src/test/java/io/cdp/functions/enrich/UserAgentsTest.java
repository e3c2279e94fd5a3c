package io.cdp.functions.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class UserAgentsTest {
    @Test
    void anIphoneSafariIsAMobileWebkitBrowser() {
        ObjectNode ua = UserAgents.shared().parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        assertThat(ua.at("/browser/name").asText()).isEqualTo("Safari");
        assertThat(ua.at("/browser/major").asText()).isEqualTo("17");
        assertThat(ua.at("/os/name").asText()).isEqualTo("iOS");
        assertThat(ua.at("/device/type").asText()).isEqualTo("mobile");
        assertThat(ua.at("/device/vendor").asText()).isEqualTo("Apple");
        assertThat(ua.at("/engine/name").asText()).isEqualTo("AppleWebKit");
        assertThat(ua.path("bot").asBoolean()).isFalse();
    }

    @Test
    void desktopChromeOnWindows() {
        ObjectNode ua = UserAgents.shared().parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
        assertThat(ua.at("/browser/name").asText()).isEqualTo("Chrome");
        assertThat(ua.at("/device/type").asText()).isEqualTo("desktop");
        assertThat(ua.at("/os/name").asText()).isEqualTo("Windows NT");
        assertThat(ua.at("/engine/name").asText()).isEqualTo("Blink");
    }

    @Test
    void crawlersAreBots() {
        assertThat(UserAgents.shared().parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
                .path("bot").asBoolean()).isTrue();
    }

    @Test
    void emptyOrNullAgentsParseToEmptyParts() {
        ObjectNode ua = UserAgents.shared().parse(null);
        assertThat(ua.path("browser").isObject()).isTrue();
        assertThat(ua.has("bot")).isTrue();
    }
}
