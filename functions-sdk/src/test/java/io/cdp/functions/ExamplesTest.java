package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.FunctionError;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.store.InMemoryStore;
import io.cdp.functions.enrich.TestGeoDatabases;
import io.cdp.functions.enrich.UserAgents;
import io.cdp.functions.enrich.GeoLocator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every file in functions-sdk/examples runs, and does what its comment says. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static HttpServer companyApi;
    private static final AtomicInteger lookups = new AtomicInteger();
    private static volatile int companyStatus = 200;
    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        companyApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        companyApi.createContext("/company", exchange -> {
            lookups.incrementAndGet();
            byte[] body = "{\"name\":\"Acme Inc\",\"employees\":120,\"secret\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(companyStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        companyApi.start();
        runtime = new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(1)
                .withFetch(new FetchPolicy(List.of("127.0.0.1"), Duration.ofSeconds(2))));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        companyApi.stop(0);
    }

    private static CompiledFunction example(String file) throws Exception {
        return runtime.compile(new FunctionCode(file, file, 1, Files.readString(EXAMPLES.resolve(file))));
    }

    private static ObjectNode json(String text) throws IOException {
        return (ObjectNode) FunctionRuntime.mapper().readTree(text);
    }

    @Test
    void everyExampleIsTested() throws IOException {
        try (var files = Files.list(EXAMPLES)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("drop-bots.js", "clean-fields.js", "enrich-fetch.js",
                            "dedupe-store.js", "route-table.js", "geo-headers.js");
        }
    }

    @Test
    void dropBotsDropsCrawlersByParsedAgentAndByName() throws Exception {
        CompiledFunction dropBots = example("drop-bots.js");
        String googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        ObjectNode fromBot = json("{\"type\":\"page\",\"context\":{\"userAgent\":\"" + googlebot + "\"}}");
        Invocation parsed = Invocation.minimal(new InMemoryStore()).withUa(UserAgents.shared().parse(googlebot));
        assertThat(runtime.invoke(dropBots, fromBot, parsed).dropped()).isTrue();

        ObjectNode fromMonitor = json("{\"type\":\"page\",\"context\":{\"userAgent\":\"UptimeRobot/2.0\"}}");
        assertThat(runtime.invoke(dropBots, fromMonitor, Invocation.minimal(new InMemoryStore())).dropped()).isTrue();

        String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/124.0.0.0 Safari/537.36";
        ObjectNode fromPerson = json("{\"type\":\"page\",\"context\":{\"userAgent\":\"" + chrome + "\"}}");
        FunctionResult kept = runtime.invoke(dropBots, fromPerson,
                Invocation.minimal(new InMemoryStore()).withUa(UserAgents.shared().parse(chrome)));
        assertThat(kept.events()).containsExactly(fromPerson);
    }

    @Test
    void cleanFieldsRenamesTrimsAndRemoves() throws Exception {
        ObjectNode event = json("""
                {"type":"track","event":"Signed Up","properties":{"planName":" Pro ","cardNumber":"4111","Referrer Url":"x","internalNote":"n"},
                 "traits":{"email":"  Ann@Example.COM "}}""");
        Invocation invocation = Invocation.minimal(new InMemoryStore())
                .withProps(json("{\"drop\":[\"internal_note\"]}"));
        ObjectNode out = runtime.invoke(example("clean-fields.js"), event, invocation).events().get(0);
        assertThat(out.path("properties").toString()).isEqualTo("{\"plan_name\":\"Pro\",\"referrer_url\":\"x\"}");
        assertThat(out.at("/traits/email").asText()).isEqualTo("ann@example.com");
    }

    @Test
    void enrichFetchLooksUpOncePerDomainAndRetriesWhenTheServiceFails() throws Exception {
        CompiledFunction enrich = example("enrich-fetch.js");
        InMemoryStore store = new InMemoryStore();
        Invocation invocation = Invocation.minimal(store).withProps(
                json("{\"apiUrl\":\"http://127.0.0.1:" + companyApi.getAddress().getPort() + "\"}"));
        ObjectNode identify = json("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"ann@acme.com\"}}");
        int before = lookups.get();
        FunctionResult first = runtime.invoke(enrich, identify, invocation);
        FunctionResult second = runtime.invoke(enrich, identify, invocation);
        assertThat(first.events().get(0).at("/traits/company").toString())
                .isEqualTo("{\"name\":\"Acme Inc\",\"employees\":120}");
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(lookups.get() - before).isEqualTo(1);
        assertThat(first.fetchCalls()).hasSize(1);
        assertThat(second.fetchCalls()).isEmpty();

        companyStatus = 503;
        try {
            ObjectNode other = json("{\"type\":\"identify\",\"traits\":{\"email\":\"bob@other.org\"}}");
            FunctionResult failed = runtime.invoke(enrich, other, invocation);
            assertThat(failed.error().kind()).isEqualTo(FunctionError.Kind.RETRY);
            assertThat(failed.error().message()).contains("answered 503");
        } finally {
            companyStatus = 200;
        }
    }

    @Test
    void dedupeStoreDropsRepeatedOrders() throws Exception {
        CompiledFunction dedupe = example("dedupe-store.js");
        InMemoryStore store = new InMemoryStore();
        ObjectNode order = json("{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"m1\",\"properties\":{\"order_id\":\"o-7\"}}");
        ObjectNode repeat = order.deepCopy().put("messageId", "m2");
        assertThat(runtime.invoke(dedupe, order, Invocation.minimal(store)).events()).hasSize(1);
        FunctionResult dropped = runtime.invoke(dedupe, repeat, Invocation.minimal(store));
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.logs()).singleElement().satisfies(log -> assertThat(log.message()).contains("o-7 already recorded by m1"));
        assertThat(store.ttl("order:o-7")).isBetween(7 * 86_400L - 5, 7 * 86_400L);
    }

    @Test
    void routeTableSendsOrdersAndPagesToTheirTables() throws Exception {
        CompiledFunction route = example("route-table.js");
        ChainResult orders = FunctionChain.run(runtime, List.of(route),
                json("{\"type\":\"track\",\"event\":\"Order Completed\"}"), Invocation.minimal(new InMemoryStore()));
        ChainResult other = FunctionChain.run(runtime, List.of(route),
                json("{\"type\":\"track\",\"event\":\"Clicked\"}"), Invocation.minimal(new InMemoryStore()));
        assertThat(orders.events()).singleElement().satisfies(out -> {
            assertThat(out.table()).isEqualTo("orders");
            assertThat(out.event().has("JITSU_TABLE_NAME")).isFalse();
        });
        assertThat(other.events().get(0).table()).isNull();
    }

    @Test
    void geoHeadersKeepsCountryAndCityAndReadsTheRequestHeaders() throws Exception {
        CompiledFunction geoHeaders = example("geo-headers.js");
        ObjectNode geo;
        try (GeoLocator locator = GeoLocator.open(TestGeoDatabases.CITY)) {
            geo = locator.locate("216.160.83.56").orElseThrow();
        }
        Invocation invocation = Invocation.minimal(new InMemoryStore()).withGeo(geo)
                .withHeaders(java.util.Map.of("referer", "https://shop.example.com/", "accept-language", "de-CH,de;q=0.9"))
                .withProps(json("{\"blockedCountries\":[\"SE\"]}"));
        ObjectNode out = runtime.invoke(geoHeaders, json("{\"type\":\"page\",\"context\":{\"ip\":\"216.160.83.56\"}}"),
                invocation).events().get(0);
        assertThat(out.path("context").toString()).isEqualTo("{\"ip\":\"216.160.83.56\",\"geo\":{\"country\":\"US\","
                + "\"eu\":false,\"region\":\"WA\",\"city\":\"Milton\"},\"referrer\":{\"url\":\"https://shop.example.com/\"},"
                + "\"locale\":\"de-CH\"}");

        ObjectNode sweden;
        try (GeoLocator locator = GeoLocator.open(TestGeoDatabases.CITY)) {
            sweden = locator.locate("89.160.20.112").orElseThrow();
        }
        assertThat(runtime.invoke(geoHeaders, json("{\"type\":\"page\"}"), invocation.withGeo(sweden)).dropped())
                .isTrue();
        ObjectNode noGeo = runtime.invoke(geoHeaders, json("{\"type\":\"page\"}"),
                Invocation.minimal(new InMemoryStore()).withProps(json("{}"))).events().get(0);
        assertThat(noGeo.path("context").toString()).isEqualTo("{}");
    }
}
