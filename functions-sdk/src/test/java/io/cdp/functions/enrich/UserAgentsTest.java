package io.cdp.functions.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentsTest {
    @ParameterizedTest(name = "{1} on {3}")
    @CsvSource(delimiter = '|', value = {
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/17.4 Mobile/15E148 Safari/604.1"
                    + " | Safari | 17  | iOS        | mobile  | Apple | AppleWebKit",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"
                    + " Safari/537.36"
                    + " | Chrome | 124 | Windows NT | desktop |       | Blink",
    })
    void aBrowsersAgentNamesItsBrowserSystemDeviceAndEngine(String agent, String browser, String major, String os,
                                                            String device, String vendor, String engine) {
        ObjectNode ua = UserAgents.shared().parse(agent);
        assertThat(ua.at("/browser/name").asText()).isEqualTo(browser);
        assertThat(ua.at("/browser/major").asText()).isEqualTo(major);
        assertThat(ua.at("/os/name").asText()).isEqualTo(os);
        assertThat(ua.at("/device/type").asText()).isEqualTo(device);
        assertThat(ua.at("/device/vendor").asText()).isEqualTo(vendor == null ? "" : vendor);
        assertThat(ua.at("/engine/name").asText()).isEqualTo(engine);
        assertThat(ua.path("bot").asBoolean()).isFalse();
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
