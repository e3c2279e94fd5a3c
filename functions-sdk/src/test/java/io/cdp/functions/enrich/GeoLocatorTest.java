package io.cdp.functions.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ctx.geo from MaxMind's own test databases (src/test/resources/maxmind, see its README). */
class GeoLocatorTest {
    private static GeoLocator city;

    @BeforeAll
    static void open() throws IOException {
        city = GeoLocator.open(TestGeoDatabases.CITY);
    }

    @AfterAll
    static void close() {
        city.close();
    }

    @Test
    void aUsAddressHasStateCityPostalCodeAndLocation() {
        ObjectNode geo = city.locate("216.160.83.56").orElseThrow();
        assertThat(city.databaseType()).isEqualTo("GeoIP2-City");
        assertThat(geo.at("/continent/code").asText()).isEqualTo("NA");
        assertThat(geo.at("/country/code").asText()).isEqualTo("US");
        assertThat(geo.at("/country/name").asText()).isEqualTo("United States");
        assertThat(geo.at("/country/isEU").isBoolean()).isTrue();
        assertThat(geo.at("/country/isEU").asBoolean()).isFalse();
        assertThat(geo.at("/region/code").asText()).isEqualTo("WA");
        assertThat(geo.at("/region/name").asText()).isEqualTo("Washington");
        assertThat(geo.at("/city/name").asText()).isEqualTo("Milton");
        assertThat(geo.at("/postalCode/code").asText()).isEqualTo("98354");
        assertThat(geo.at("/location/latitude").asDouble()).isEqualTo(47.2513);
        assertThat(geo.at("/location/longitude").asDouble()).isEqualTo(-122.3149);
        assertThat(geo.at("/location/accuracyRadius").asInt()).isEqualTo(22);
    }

    @Test
    void aSwedishAddressIsInTheEuAndTheRegionIsTheFirstSubdivision() {
        ObjectNode geo = city.locate("89.160.20.112").orElseThrow();
        assertThat(geo.at("/country/code").asText()).isEqualTo("SE");
        assertThat(geo.at("/country/isEU").asBoolean()).isTrue();
        assertThat(geo.at("/city/name").asText()).isEqualTo("Linköping");
        assertThat(geo.at("/region/code").asText()).isEqualTo("E");
        assertThat(geo.has("postalCode")).isFalse();
    }

    @Test
    void unknownPrivateAndNonLiteralAddressesHaveNoGeo() {
        assertThat(city.locate("10.0.0.1")).isEmpty();
        assertThat(city.locate("89.160.20.0")).isEmpty(); // what "reduce" makes of 89.160.20.112
        assertThat(city.locate("")).isEmpty();
        assertThat(city.locate(null)).isEmpty();
        assertThat(city.locate("not an ip")).isEmpty();
        assertThat(city.locate("localhost")).isEmpty(); // a host name is never resolved
        assertThat(GeoLocator.literal("example.com")).isNull();
    }

    @Test
    void ipv6AddressesAreLookedUp() {
        // 2001:218:: is Japan in MaxMind's test data.
        assertThat(city.locate("2001:218::1").orElseThrow().at("/country/code").asText()).isEqualTo("JP");
    }

    @Test
    void aCountryDatabaseGivesContinentAndCountryOnly() throws IOException {
        try (GeoLocator country = GeoLocator.open(Path.of("src/test/resources/maxmind/GeoIP2-Country-Test.mmdb"))) {
            ObjectNode geo = country.locate("89.160.20.112").orElseThrow();
            assertThat(geo.at("/country/code").asText()).isEqualTo("SE");
            assertThat(geo.at("/continent/code").asText()).isEqualTo("EU");
            assertThat(geo.has("city")).isFalse();
        }
    }

    @Test
    void otherDatabasesAndOtherFilesAreRefusedWithTheReason(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> GeoLocator.open(Path.of("src/test/resources/maxmind/GeoLite2-ASN-Test.mmdb")))
                .isInstanceOf(IOException.class).hasMessageContaining("GeoLite2-ASN").hasMessageContaining("City");
        Path text = Files.writeString(dir.resolve("geo.mmdb"), "not a database");
        assertThatThrownBy(() -> GeoLocator.open(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a MaxMind database");
        assertThatThrownBy(() -> GeoLocator.open(dir.resolve("missing.mmdb"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }
}
