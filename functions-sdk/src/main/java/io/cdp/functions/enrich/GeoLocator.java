package io.cdp.functions.enrich;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks IP addresses up in a MaxMind-format database (GeoIP2 or GeoLite2, City or Country,
 * {@code .mmdb}) and answers them in the shape of Jitsu's {@code Geo} type ({@code ctx.geo}):
 * {@code continent {code}}, {@code country {code, name, isEU}}, {@code region {code, name}},
 * {@code city {name}}, {@code postalCode {code}}, {@code location {latitude, longitude,
 * accuracyRadius}}. Parts the database does not know are absent (a Country database has no city;
 * {@code provider} needs ISP/ASN data, which City and Country databases do not hold); names are
 * English.
 *
 * <p>Backed by MaxMind's {@link DatabaseReader}: the file is memory-mapped, and decoded records are
 * cached ({@link CHMCache}), so repeated addresses of the same network cost a tree walk only.
 * Thread-safe.
 *
 * <pre>{@code
 * try (GeoLocator geo = GeoLocator.open(Path.of("GeoLite2-City.mmdb"))) {
 *     geo.locate("216.160.83.56").map(g -> g.at("/city/name").asText()); // Optional[Milton]
 * }
 * }</pre>
 */
public final class GeoLocator implements AutoCloseable {
    /** Only literal addresses are looked up: a host name must never cause a DNS query. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final String ENGLISH = "en";

    private final DatabaseReader reader;
    /** A City database (cities and countries), else a Country one. */
    private final boolean city;

    private GeoLocator(DatabaseReader reader) {
        this.reader = reader;
        this.city = reader.metadata().databaseType().toLowerCase(Locale.ROOT).contains("city");
    }

    /**
     * Opens {@code file}; fails with a message fit for a start-up error when it is missing or is
     * not a City or Country database.
     */
    public static GeoLocator open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("geo database " + file + " does not exist or is not a file");
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new IOException("geo database " + file + " is not a MaxMind database (.mmdb): " + e.getMessage(), e);
        }
        String type = reader.metadata().databaseType();
        String lower = type.toLowerCase(Locale.ROOT);
        if (!lower.contains("city") && !lower.contains("country")) {
            reader.close();
            throw new IOException("geo database " + file + " is a " + type + " database; ctx.geo needs a City or "
                    + "Country database (GeoLite2-City.mmdb, GeoIP2-City.mmdb, GeoLite2-Country.mmdb, ...)");
        }
        return new GeoLocator(reader);
    }

    /** The database's type, e.g. {@code GeoIP2-City} or {@code GeoLite2-Country}. */
    public String databaseType() {
        return reader.metadata().databaseType();
    }

    /**
     * What the database knows about {@code ip}; empty when it is not a literal IP address, not in
     * the database (private and reserved ranges never are), or the database holds nothing for it.
     */
    public Optional<ObjectNode> locate(String ip) {
        InetAddress address = literal(ip);
        if (address == null) {
            return Optional.empty();
        }
        try {
            ObjectNode geo = city ? reader.tryCity(address).map(GeoLocator::fromCity).orElse(null)
                    : reader.tryCountry(address).map(GeoLocator::fromCountry).orElse(null);
            return geo == null || geo.isEmpty() ? Optional.empty() : Optional.of(geo);
        } catch (IOException | GeoIp2Exception e) {
            // A corrupt record: the event goes on without geo rather than failing.
            return Optional.empty();
        }
    }

    static InetAddress literal(String ip) {
        if (ip == null) {
            return null;
        }
        String text = ip.trim();
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.contains(":") && IPV6.matcher(text).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: parsed, never resolved
        } catch (UnknownHostException | RuntimeException invalid) {
            return null;
        }
    }

    private static ObjectNode fromCountry(CountryResponse response) {
        ObjectNode geo = JsonNodeFactory.instance.objectNode();
        continentAndCountry(geo, response.continent().code(), response.country());
        return geo;
    }

    private static ObjectNode fromCity(CityResponse response) {
        ObjectNode geo = JsonNodeFactory.instance.objectNode();
        continentAndCountry(geo, response.continent().code(), response.country());
        if (!response.subdivisions().isEmpty()) {
            // Jitsu's region is the first-level subdivision: the US state, the English country, ...
            Subdivision region = response.subdivisions().get(0);
            if (region.isoCode() != null) {
                ObjectNode node = geo.putObject("region").put("code", region.isoCode());
                putIfPresent(node, "name", english(region.names()));
                confidence(node, region.confidence());
            }
        }
        String cityName = english(response.city().names());
        if (cityName != null) {
            confidence(geo.putObject("city").put("name", cityName), response.city().confidence());
        }
        if (response.postal().code() != null) {
            confidence(geo.putObject("postalCode").put("code", response.postal().code()), response.postal().confidence());
        }
        var location = response.location();
        if (location.latitude() != null && location.longitude() != null) {
            ObjectNode node = geo.putObject("location")
                    .put("latitude", location.latitude())
                    .put("longitude", location.longitude());
            if (location.accuracyRadius() != null) {
                node.put("accuracyRadius", location.accuracyRadius());
            }
            if (location.populationDensity() != null || location.averageIncome() != null) {
                ObjectNode usa = node.putObject("usaData");
                if (location.populationDensity() != null) {
                    usa.put("populationDensity", location.populationDensity());
                }
                if (location.averageIncome() != null) {
                    usa.put("averageIncome", location.averageIncome());
                }
            }
        }
        return geo;
    }

    private static void continentAndCountry(ObjectNode geo, String continentCode,
                                            com.maxmind.geoip2.record.Country country) {
        if (continentCode != null) {
            geo.putObject("continent").put("code", continentCode);
        }
        if (country.isoCode() != null) {
            ObjectNode node = geo.putObject("country").put("code", country.isoCode());
            putIfPresent(node, "name", english(country.names()));
            node.put("isEU", country.isInEuropeanUnion());
        }
    }

    private static String english(Map<String, String> names) {
        return names == null ? null : names.get(ENGLISH);
    }

    private static void confidence(ObjectNode node, Integer confidence) {
        if (confidence != null) {
            node.put("confidence", confidence);
        }
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
