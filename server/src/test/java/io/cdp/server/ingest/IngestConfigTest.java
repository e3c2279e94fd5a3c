package io.cdp.server.ingest;

import io.cdp.server.ingest.address.TrustedProxies;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code ingest} section as YAML, the way the server reads it. */
class IngestConfigTest {
    private static IngestConfig read(String yaml) throws Exception {
        return new YamlConfigurationFactory<>(IngestConfig.class, Validators.newValidator(), Jackson.newObjectMapper(),
                "ingest").build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "trustedProxies: \"10.0.0.0/8, 2001:db8::/32,::1\"",
            "trustedProxies: [10.0.0.0/8, \"2001:db8::/32\", \"::1\"]",
            "trustedProxies:\n  - 10.0.0.0/8\n  - 2001:db8::/32, ::1"})
    void trustedProxiesAreAListOrOneCommaSeparatedString(String yaml) throws Exception {
        assertThat(TrustedProxies.parse(read(yaml).trustedProxies()).ranges())
                .containsExactly("10.0.0.0/8", "2001:db8::/32", "::1/128");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trustedProxies: \"\"", "trustedProxies: []", "payloadLimitKb: 100"})
    void noTrustedProxiesByDefault(String yaml) throws Exception {
        assertThat(TrustedProxies.parse(read(yaml).trustedProxies()).isEmpty()).isTrue();
    }
}
