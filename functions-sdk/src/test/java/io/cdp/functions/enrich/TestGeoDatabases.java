package io.cdp.functions.enrich;

import java.nio.file.Path;

/** MaxMind's published test databases, for tests of the geo enrichment in any package. */
public final class TestGeoDatabases {
    /** GeoIP2 City test data: known addresses such as 81.2.69.142 (London) resolve. */
    public static final Path CITY = Path.of("src/test/resources/maxmind/GeoIP2-City-Test.mmdb");

    private TestGeoDatabases() {
    }
}
