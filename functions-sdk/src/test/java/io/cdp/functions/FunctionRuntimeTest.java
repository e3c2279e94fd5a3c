package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.LogEntry;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.store.InMemoryStore;
import io.cdp.functions.enrich.TestGeoDatabases;
import io.cdp.functions.enrich.GeoLocator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cdp.functions.call.FunctionError.Kind;
import io.cdp.functions.call.FunctionResult.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionRuntimeTest {
    private static HttpServer server;
    private static FunctionRuntime runtime;
    private static final AtomicInteger counter = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/company", exchange -> {
            byte[] body = "{\"name\":\"Acme\",\"size\":42}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        runtime = new FunctionRuntime(RuntimeConfig.defaults()
                .withPoolSize(2)
                .withTimeLimit(Duration.ofMillis(2500))
                .withStatementLimit(2_000_000)
                .withFetch(new FetchPolicy(List.of("127.0.0.1"), Duration.ofMillis(1000))));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.stop(0);
    }

    /** The call failed with an error of this kind whose message says {@code text}. */
    private static void assertFailed(FunctionResult result, Kind kind, String text) {
        assertThat(result.error().kind()).isEqualTo(kind);
        assertThat(result.error().message()).contains(text);
    }

    private static CompiledFunction compile(String code) throws FunctionCompileException {
        return runtime.compile(new FunctionCode("f" + counter.incrementAndGet(), "test-fn", 1, code));
    }

    private static ObjectNode event() {
        ObjectNode event = FunctionRuntime.mapper().createObjectNode();
        event.put("type", "track").put("event", "Signed Up").put("userId", "u1");
        event.putObject("properties").put("plan", "pro");
        return event;
    }

    private static FunctionResult run(String code) throws FunctionCompileException {
        return runtime.invoke(compile(code), event(), Invocation.minimal(new InMemoryStore()));
    }

    /** The event's JSON text out of one call of {@code body} on {@code eventJson}. */
    private static String output(String eventJson, String body) throws FunctionCompileException {
        FunctionResult result = runtime.invokeJson(compile("export default async function (event, ctx) { " + body
                + " }"), eventJson, Invocation.minimal(new InMemoryStore()));
        assertThat(result.error()).isNull();
        assertThat(result.eventsJson()).hasSize(1);
        return result.eventsJson().get(0);
    }

    @Test
    void fieldsAddedToAnEventNeverReadAreAppendedToItsTextAsReceived() throws Exception {
        String received = "{\"type\":\"track\",\"properties\":{\"plan\":\"pro\"},\"n\":1.50}";
        assertThat(output(received, "event.seen = true; event.at = 'x\"y'; event.seen = false;"))
                .isEqualTo("{\"type\":\"track\",\"properties\":{\"plan\":\"pro\"},\"n\":1.50,"
                        + "\"seen\":false,\"at\":\"x\\\"y\"}");
        assertThat(output("{}", "event.seen = 1;")).isEqualTo("{\"seen\":1}");
        assertThat(output(received, "return event;")).isEqualTo(received);
    }

    @Test
    void aFunctionThatReadsItsEventsGetsTheSameOutputsCallAfterCall() throws Exception {
        CompiledFunction reader = compile("export default async function (event) { event.n = event.a + 1; }");
        CompiledFunction tagger = compile("export default async function (event) { event.seen = true; }");
        for (int call = 0; call < 3; call++) {
            String received = "{\"a\":" + call + "}";
            assertThat(runtime.invokeJson(reader, received, Invocation.minimal(new InMemoryStore())).eventsJson())
                    .containsExactly("{\"a\":" + call + ",\"n\":" + (call + 1) + "}");
            assertThat(runtime.invokeJson(tagger, received, Invocation.minimal(new InMemoryStore())).eventsJson())
                    .containsExactly("{\"a\":" + call + ",\"seen\":true}");
        }
    }

    /**
     * Whatever the function does with the event, the result is what JavaScript makes of the parsed
     * event: each row is the text received, the function's body, and the output expected.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // a name the text already holds is replaced in place, never added twice
            "{\"type\":\"track\",\"seen\":0}|event.seen = 1;|{\"type\":\"track\",\"seen\":1}",
            // the same name further down the event: set at the top, the nested one untouched
            "{\"p\":{\"seen\":0}}|event.seen = 1;|{\"p\":{\"seen\":0},\"seen\":1}",
            // a \\u escape may spell any name: the text is parsed
            "{\"se\\u0065n\":0,\"a\":1}|event.seen = 1;|{\"seen\":1,\"a\":1}",
            // JavaScript orders index-like names first
            "{\"a\":1}|event['7'] = 2;|{\"7\":2,\"a\":1}",
            // an object value, a read after a write, deleting, spreading, freezing, keys
            "{\"a\":1}|event.o = {x: [1]};|{\"a\":1,\"o\":{\"x\":[1]}}",
            "{\"a\":1}|event.b = 2; event.c = event.a + event.b;|{\"a\":1,\"b\":2,\"c\":3}",
            "{\"a\":1,\"b\":2}|event.c = 3; delete event.a;|{\"b\":2,\"c\":3}",
            "{\"a\":1}|event.b = 2; return {...event, k: Object.keys(event).join()};|{\"a\":1,\"b\":2,\"k\":\"a,b\"}",
            "{\"a\":1}|event.b = 2; Object.freeze(event); return {...event, f: Object.isFrozen(event)};|{\"a\":1,\"b\":2,\"f\":true}",
            "{\"a\":1}|event.u = undefined; event.b = 'u' in event && !('then' in event);|{\"a\":1,\"b\":true}",
            "{\"a\":1}|const child = Object.create(event); child.z = 1; event.y = child.a;|{\"a\":1,\"y\":1}",
            "{\"a\":1}|event.b = 2; return JSON.parse(JSON.stringify(event));|{\"a\":1,\"b\":2}",
            // many names asked for before any read: the text is parsed once they pass a limit
            "{\"a\":1}|for (let i = 0; i < 40; i++) event['k' + i] = i; event.n = Object.keys(event).length;|"
                    + "{\"a\":1,\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,"
                    + "\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,"
                    + "\"k16\":16,\"k17\":17,\"k18\":18,\"k19\":19,\"k20\":20,\"k21\":21,\"k22\":22,\"k23\":23,"
                    + "\"k24\":24,\"k25\":25,\"k26\":26,\"k27\":27,\"k28\":28,\"k29\":29,\"k30\":30,\"k31\":31,"
                    + "\"k32\":32,\"k33\":33,\"k34\":34,\"k35\":35,\"k36\":36,\"k37\":37,\"k38\":38,\"k39\":39,"
                    + "\"n\":41}",
            // text that is not compact is parsed as before
            "{ \"a\" : 1 }|event.b = 2;|{\"a\":1,\"b\":2}"})
    void whateverTheFunctionDoesTheOutputIsThatOfTheParsedEvent(String received, String body, String expected)
            throws Exception {
        assertThat(output(received, body)).isEqualTo(expected);
    }

    @Test
    void returningTheEventPassesIt() throws Exception {
        FunctionResult result = run("export default async function (event, ctx) { return event; }");
        assertThat(result.outcome()).isEqualTo(Outcome.EVENTS);
        assertThat(result.events()).containsExactly(event());
    }

    @Test
    void returningUndefinedPassesTheEventWithInPlaceChanges() throws Exception {
        FunctionResult result = run("export default function (event) { event.properties.touched = true; }");
        assertThat(result.events()).hasSize(1);
        assertThat(result.events().get(0).path("properties").path("touched").asBoolean()).isTrue();
    }

    @Test
    void aModifiedCopyReplacesTheEvent() throws Exception {
        FunctionResult result = run("""
                export default async function (event) {
                  return { ...event, event: event.event.toLowerCase().replace(' ', '_'), extra: 1 };
                }""");
        assertThat(result.events().get(0).path("event").asText()).isEqualTo("signed_up");
        assertThat(result.events().get(0).path("extra").asInt()).isEqualTo(1);
    }

    @Test
    void anArrayFansOut() throws Exception {
        FunctionResult result = run("export default async (e) => [ {n: 1}, {n: 2}, {...e, n: 3} ]");
        assertThat(result.events()).extracting(node -> node.path("n").asInt()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "false", "'drop'", "[]"})
    void dropForms(String returned) throws Exception {
        FunctionResult result = run("export default async function () { return " + returned + "; }");
        assertThat(result.outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(result.events()).isEmpty();
    }

    /** Each case: a function, the kind of failure it ends in and what the message says. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "export default async function () { return 42; } | THROW | returned 42",
            "export default function () { return new Promise(() => {}); } | TIMEOUT | 2500 ms",
            "export default async function () { Java.type('java.lang.System').exit(1); }"
                    + " | SANDBOX | host access is not allowed",
            "export default async function () { Polyglot.import('x'); } | SANDBOX | host access is not allowed",
            "export default async function () { Packages.java.lang.Runtime; } | SANDBOX | host access is not allowed"})
    void aFailingFunctionIsReportedWithItsKind(String code, Kind kind, String text) throws Exception {
        assertFailed(run(code), kind, text);
    }

    @Test
    void aThrowIsReportedWithItsStackAndTheLogsBeforeIt() throws Exception {
        FunctionResult result = run("""
                export default async function (event, { log }) {
                  log.info("checking", { id: event.userId });
                  throw new Error("no plan for " + event.userId);
                }""");
        assertThat(result.error().kind()).isEqualTo(Kind.THROW);
        assertThat(result.error().message()).isEqualTo("Error: no plan for u1");
        assertThat(result.error().stack()).contains("test-fn.mjs:3");
        assertThat(result.logs()).extracting(LogEntry::level, LogEntry::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("info", "checking {\"id\":\"u1\"}"));
    }

    @Test
    void retryErrorAsksForARetry() throws Exception {
        FunctionResult result = run("""
                import { RetryError } from "@jitsu/functions-lib";
                export default async function () { throw new RetryError("backend busy"); }""");
        assertThat(result.error().kind()).isEqualTo(Kind.RETRY);
        assertThat(result.error().message()).isEqualTo("RetryError: backend busy");
    }

    @Test
    void anEndlessLoopIsCutOffAndTheRuntimeKeepsWorking() throws Exception {
        CompiledFunction endless = compile("export default function () { while (true) {} }");
        FunctionResult result = runtime.invoke(endless, event(), Invocation.minimal(new InMemoryStore()));
        assertThat(result.error().kind()).isEqualTo(Kind.TIMEOUT);
        // More calls than contexts: every dead context was replaced.
        for (int i = 0; i < 3; i++) {
            assertThat(run("export default (e) => e").outcome()).isEqualTo(Outcome.EVENTS);
        }
    }

    @Test
    void theStatementLimitCountsTheFunctionsStatementsOnly() throws Exception {
        FunctionRuntime tight = new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(1).withStatementLimit(20)
                .withTimeLimit(Duration.ofSeconds(30)));
        try (tight) {
            // The runtime's own code runs more than 20 statements per call; none of them count.
            CompiledFunction small = tight.compile(new FunctionCode("s", "small", 1,
                    "export default async function (e) { e.n = 1; return e; }"));
            for (int i = 0; i < 3; i++) {
                assertThat(tight.invoke(small, event(), Invocation.minimal(new InMemoryStore())).outcome())
                        .isEqualTo(Outcome.EVENTS);
            }
            CompiledFunction loop = tight.compile(new FunctionCode("l", "loop", 1,
                    "export default function (e) { for (let i = 0; i < 100; i++) { e.n = i; } return e; }"));
            FunctionResult result = tight.invoke(loop, event(), Invocation.minimal(new InMemoryStore()));
            assertFailed(result, Kind.TIMEOUT, "statement limit of 20");
            assertThat(tight.invoke(small, event(), Invocation.minimal(new InMemoryStore())).outcome())
                    .isEqualTo(Outcome.EVENTS);
        }
    }

    @Test
    void aSlowLoopWithoutStatementsLeftIsStoppedByTheWallClock() throws Exception {
        FunctionRuntime noStatementLimit = new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(1)
                .withStatementLimit(0).withTimeLimit(Duration.ofMillis(300)));
        try (noStatementLimit) {
            CompiledFunction endless = noStatementLimit.compile(new FunctionCode("x", "loop", 1,
                    "export default function () { for (;;) {} }"));
            FunctionResult result = noStatementLimit.invoke(endless, event(), Invocation.minimal(new InMemoryStore()));
            assertFailed(result, Kind.TIMEOUT, "300 ms");
            CompiledFunction fine = noStatementLimit.compile(new FunctionCode("y", "fine", 1, "export default e => e"));
            assertThat(noStatementLimit.invoke(fine, event(), Invocation.minimal(new InMemoryStore())).outcome())
                    .isEqualTo(Outcome.EVENTS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"require('fs')", "process.exit(1)", "load('/etc/passwd')"})
    void nodeAndShellGlobalsDoNotExist(String attempt) throws Exception {
        FunctionResult result = run("export default async function () { " + attempt + "; }");
        assertThat(result.error().kind()).isEqualTo(Kind.THROW);
        assertThat(result.error().message()).startsWith("ReferenceError");
    }

    @Test
    void logsAfterAnAwaitedFetchLandInTheSameCall() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/company";
        FunctionResult result = run("""
                export default async (e, { fetch, log }) => {
                  const company = await (await fetch("%s")).json();
                  log.info("company is " + company.name);
                  return { ...e, company };
                }""".formatted(url));
        assertThat(result.error()).isNull();
        assertThat(result.events().get(0).path("company").path("size").asInt()).isEqualTo(42);
        assertThat(result.logs()).extracting(LogEntry::message).containsExactly("company is Acme");
    }

    @Test
    void fetchReachesAnAllowedHost() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/company";
        FunctionResult result = run("""
                export default async function (event, { fetch }) {
                  const response = await fetch("%s", { method: "GET", headers: { "X-Test": "1" } });
                  const company = await response.json();
                  return { ...event, company: company.name, status: response.status, ok: response.ok,
                           type: response.headers.get("content-type") };
                }""".formatted(url));
        assertThat(result.error()).isNull();
        ObjectNode out = result.events().get(0);
        assertThat(out.path("company").asText()).isEqualTo("Acme");
        assertThat(out.path("status").asInt()).isEqualTo(200);
        assertThat(out.path("ok").asBoolean()).isTrue();
        assertThat(out.path("type").asText()).isEqualTo("application/json");
        assertThat(result.fetchCalls()).singleElement().satisfies(call -> {
            assertThat(call.url()).isEqualTo(url);
            assertThat(call.status()).isEqualTo(200);
        });
    }

    @Test
    void fetchToAHostOffTheListIsRefused() throws Exception {
        FunctionResult result = run("""
                export default async function (event, { fetch }) {
                  await fetch("http://localhost:9/steal");
                  return event;
                }""");
        assertFailed(result, Kind.SANDBOX, "host 'localhost' is not on the fetch allow-list");
        assertThat(result.fetchCalls()).singleElement().satisfies(call -> assertThat(call.refused()).isTrue());
    }

    @Test
    void aRefusedFetchCanBeCaught() throws Exception {
        FunctionResult result = run("""
                export default async function (event, { fetch }) {
                  try { await fetch("https://example.com/"); } catch (e) { return { ...event, fallback: e.name }; }
                }""");
        assertThat(result.events().get(0).path("fallback").asText()).isEqualTo("SandboxViolation");
    }

    @Test
    void aSlowFetchFailsAfterItsTimeout() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
        FunctionResult result = run("""
                export default async function (event, { fetch }) {
                  try { await fetch("%s"); return event; } catch (e) { return { ...event, failed: e.message }; }
                }""".formatted(url));
        assertThat(result.events().get(0).path("failed").asText()).contains("no answer within 1000 ms");
        assertThat(result.fetchCalls()).singleElement().satisfies(call -> assertThat(call.status()).isZero());
    }

    @Test
    void storeKeepsValuesAcrossCalls() throws Exception {
        InMemoryStore store = new InMemoryStore();
        CompiledFunction counting = compile("""
                export default async function (event, { store }) {
                  const seen = (await store.get("count")) ?? 0;
                  await store.set("count", seen + 1, "1d");
                  const first = await store.getOrSet("first", { at: seen }, 60);
                  return { ...event, seen, first, ttl: await store.ttl("count"), missing: await store.ttl("nope"),
                           withTtl: await store.getWithTTL("first") };
                }""");
        runtime.invoke(counting, event(), Invocation.minimal(store));
        FunctionResult second = runtime.invoke(counting, event(), Invocation.minimal(store));
        ObjectNode out = second.events().get(0);
        assertThat(out.path("seen").asInt()).isEqualTo(1);
        assertThat(out.path("first").path("at").asInt()).isZero();
        assertThat(out.path("ttl").asLong()).isBetween(86_000L, 86_400L);
        assertThat(out.path("missing").asInt()).isEqualTo(-2);
        assertThat(out.path("withTtl").path("value").path("at").asInt()).isZero();
        assertThat(out.path("withTtl").path("ttl").asLong()).isBetween(50L, 60L);
        assertThat(store.get("count")).contains("2");
    }

    @Test
    void aBadTtlRejectsTheStoreCall() throws Exception {
        FunctionResult result = run("export default async (e, { store }) => { await store.set('k', 1, 'soon'); }");
        assertThat(result.error().message()).contains("store TTL 'soon' is not understood");
    }

    @Test
    void ctxCarriesTheInvocationData() throws Exception {
        ObjectNode props = FunctionRuntime.mapper().createObjectNode().put("threshold", 3);
        Invocation invocation = new Invocation(props, java.util.Map.of("x-forwarded-for", "1.2.3.4"), null, null,
                new Invocation.Entity("src1", "web", "browser"), null, null, null,
                new Invocation.Entity("ws1", "acme", null),
                java.time.Instant.parse("2026-01-02T03:04:05Z"), 2, new InMemoryStore());
        FunctionResult result = runtime.invoke(compile("""
                export default async (event, ctx) => ({ props: ctx.props.threshold, header: ctx.headers["x-forwarded-for"],
                  source: ctx.source.type, ws: ctx.workspace.name, year: ctx.receivedAt.getUTCFullYear(),
                  retries: ctx.retries, ua: typeof ctx.ua, geo: typeof ctx.geo, destination: typeof ctx.destination })"""),
                event(), invocation);
        assertThat(result.events().get(0).toString()).isEqualTo(
                "{\"props\":3,\"header\":\"1.2.3.4\",\"source\":\"browser\",\"ws\":\"acme\",\"year\":2026,"
                        + "\"retries\":2,\"ua\":\"undefined\",\"geo\":\"undefined\",\"destination\":\"undefined\"}");
    }

    @Test
    void ctxLooksTheSameWhateverTheFunctionTouchesFirst() throws Exception {
        ObjectNode props = FunctionRuntime.mapper().createObjectNode().put("threshold", 3);
        Invocation invocation = new Invocation(props, java.util.Map.of(), null, null,
                new Invocation.Entity("src1", "web", "browser"), null, null, null, null, null, 1, new InMemoryStore());
        // ctx's data fields arrive when first touched: keys, spread, "in" and assignments see them all the same.
        FunctionResult result = runtime.invoke(compile("""
                export default async (event, ctx) => {
                  const keys = Object.keys(ctx).sort();
                  const copy = { ...ctx };
                  return { keys, spreadSource: copy.source.id, has: "props" in ctx, hasNot: "geo" in ctx };
                }"""), event(), invocation);
        assertThat(result.events().get(0).toString()).isEqualTo("{\"keys\":[\"fetch\",\"headers\",\"log\","
                + "\"props\",\"retries\",\"source\",\"store\"],\"spreadSource\":\"src1\",\"has\":true,"
                + "\"hasNot\":false}");

        FunctionResult assigned = runtime.invoke(compile("""
                export default async (event, ctx) => {
                  ctx.props = { threshold: 9 };
                  delete ctx.retries;
                  return { threshold: ctx.props.threshold, retries: ctx.retries ?? null, source: ctx.source.name };
                }"""), event(), invocation);
        assertThat(assigned.events().get(0).toString())
                .isEqualTo("{\"threshold\":9,\"retries\":null,\"source\":\"web\"}");
    }

    @Test
    void aCtxKeptFromAnEarlierCallCannotReadTheDataOfALaterOne() throws Exception {
        CompiledFunction function = compile("""
                let kept = null;
                export default async (event, ctx) => {
                  if (kept === null) { kept = ctx; return event; }
                  return { earlier: kept.props.threshold };
                }""");
        ObjectNode props = FunctionRuntime.mapper().createObjectNode().put("threshold", 3);
        Invocation invocation = Invocation.minimal(new InMemoryStore()).withProps(props);
        assertThat(runtime.invoke(function, event(), invocation).failed()).isFalse();
        FunctionResult second = runtime.invoke(function, event(), invocation);
        assertThat(second.failed()).isTrue();
        assertThat(second.error().message()).contains("this ctx belongs to an earlier call");
    }

    @Test
    void headersAnswerUnderAnyCaseButListLowerCase() throws Exception {
        Invocation invocation = Invocation.minimal(new InMemoryStore())
                .withHeaders(new java.util.TreeMap<>(java.util.Map.of("user-agent", "curl/8", "x-request-id", "r-1")));
        FunctionResult result = runtime.invoke(compile("""
                export default async (event, { headers }) => ({ go: headers["User-Agent"], node: headers["user-agent"],
                  upper: headers["X-REQUEST-ID"], has: "X-Request-Id" in headers, missing: headers["Cookie"] ?? null,
                  names: Object.keys(headers).sort(), copy: { ...headers } })"""), event(), invocation);
        assertThat(result.events().get(0).toString()).isEqualTo(
                "{\"go\":\"curl/8\",\"node\":\"curl/8\",\"upper\":\"r-1\",\"has\":true,\"missing\":null,"
                        + "\"names\":[\"user-agent\",\"x-request-id\"],"
                        + "\"copy\":{\"user-agent\":\"curl/8\",\"x-request-id\":\"r-1\"}}");
    }

    @Test
    void geoDestinationAndConnectionReachTheFunction() throws Exception {
        ObjectNode geo;
        try (GeoLocator locator = GeoLocator.open(TestGeoDatabases.CITY)) {
            geo = locator.locate("216.160.83.56").orElseThrow();
        }
        Invocation invocation = new Invocation(null, null, null, geo, new Invocation.Entity("src1", "web", "browser"),
                new Invocation.Entity("clickhouse", null, "clickhouse"),
                java.util.List.of(new Invocation.Entity("clickhouse", null, "clickhouse"),
                        new Invocation.Entity("postgres", null, "postgres")),
                new Invocation.Entity("src1:clickhouse", "web → clickhouse", "batch"), null, null, 0,
                new InMemoryStore());
        FunctionResult result = runtime.invoke(compile("""
                export default async (event, ctx) => ({ city: ctx.geo.city.name, eu: ctx.geo.country.isEU,
                  lat: ctx.geo.location.latitude, destination: ctx.destination,
                  all: ctx.destinations.map(d => d.type), connection: ctx.connection.id })"""), event(), invocation);
        assertThat(result.events().get(0).toString()).isEqualTo(
                "{\"city\":\"Milton\",\"eu\":false,\"lat\":47.2513,"
                        + "\"destination\":{\"id\":\"clickhouse\",\"type\":\"clickhouse\"},"
                        + "\"all\":[\"clickhouse\",\"postgres\"],\"connection\":\"src1:clickhouse\"}");
    }

    @Test
    void consoleGoesToTheCallLog() throws Exception {
        FunctionResult result = run("export default (e) => { console.log('hello', 1); console.error('bad'); }");
        assertThat(result.logs()).extracting(LogEntry::level, LogEntry::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("info", "hello 1"),
                org.assertj.core.groups.Tuple.tuple("error", "bad"));
    }

    @Test
    void compileRejectsSyntaxErrorsImportsAndMissingExports() {
        assertThatThrownBy(() -> compile("export default async function ( {"))
                .isInstanceOf(FunctionCompileException.class).hasMessageContaining("SyntaxError");
        assertThatThrownBy(() -> compile("import x from 'lodash';\nexport default e => e"))
                .hasMessageContaining("imports 'lodash'");
        assertThatThrownBy(() -> compile("export const transform = e => e"))
                .hasMessageContaining("no default export");
        assertThatThrownBy(() -> compile("throw new Error('at load'); export default e => e"))
                .hasMessageContaining("at load");
    }
}
