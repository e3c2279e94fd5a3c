package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.testing.EndlessBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cdp.functions.call.FunctionError.Kind;
import io.cdp.functions.call.FunctionResult.Outcome;
import io.cdp.functions.fetch.FetchPolicy;
import io.cdp.functions.store.InMemoryStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a function cannot take more of than its limits allow: fetch response size, output size,
 * log lines, store values, and heap (the heap guard). The test JVM's heap is 1 GB (surefire's
 * -Xmx1g), so an unbounded allocation really threatens it.
 */
class FunctionLimitsTest {
    private static final long FETCH_LIMIT = 64 * 1024;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static HttpServer server;
    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // 50 MB without a Content-Length (chunked): the limit must hold while streaming.
        server.createContext("/endless", EndlessBody.handler());
        server.createContext("/declared", EndlessBody.declared());
        server.createContext("/small", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        runtime = new FunctionRuntime(RuntimeConfig.defaults()
                .withPoolSize(2)
                .withTimeLimit(Duration.ofSeconds(5))
                .withMaxOutputChars(10_000)
                .withFetch(new FetchPolicy(List.of("127.0.0.1"), Duration.ofSeconds(5), FETCH_LIMIT)));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.stop(0);
    }

    private static FunctionResult run(FunctionRuntime on, String code) throws FunctionCompileException {
        int n = COUNTER.incrementAndGet();
        CompiledFunction function = on.compile(new FunctionCode("f" + n, "limits-" + n, 1, code, "ws"));
        ObjectNode event = FunctionRuntime.mapper().createObjectNode().put("type", "track");
        return on.invoke(function, event, Invocation.minimal(new InMemoryStore()));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aHugeStreamedFetchResponseFailsTheCallNamingTheLimit() throws Exception {
        FunctionResult result = run(runtime, "export default async (e, { fetch }) => { await (await fetch('"
                + url("/endless") + "')).text(); return e; }");
        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.error().kind()).isEqualTo(Kind.LIMIT);
        assertThat(result.error().message()).contains("LimitExceeded", "larger than the limit of " + FETCH_LIMIT
                + " bytes");
        assertThat(result.fetchCalls()).singleElement().satisfies(call ->
                assertThat(call.error()).contains("limit of " + FETCH_LIMIT));
    }

    @Test
    void aDeclaredHugeResponseIsRefusedAndTheFunctionMayCatchIt() throws Exception {
        FunctionResult result = run(runtime, """
                export default async (e, { fetch }) => {
                  try { await fetch('%s'); } catch (error) { e.failed = error.name + ': ' + error.message; }
                  e.small = await (await fetch('%s')).json();
                  return e;
                }""".formatted(url("/declared"), url("/small")));
        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.EVENTS);
        assertThat(result.events().get(0).path("failed").asText())
                .startsWith("LimitExceeded: fetch failed: the response of " + url("/declared"))
                .contains("limit of " + FETCH_LIMIT + " bytes");
        assertThat(result.events().get(0).path("small").path("ok").asBoolean()).isTrue();
    }

    @Test
    void outputOverTheLimitFailsTheCall() throws Exception {
        FunctionResult result = run(runtime, "export default async (e) => [1, 2, 3].map(n => ({ n, pad: 'x'.repeat(4000) }))");
        assertThat(result.error().kind()).isEqualTo(Kind.LIMIT);
        assertThat(result.error().message()).contains("over the limit of 10000 characters of JSON");
        assertThat(run(runtime, "export default async (e) => ({ ...e, pad: 'x'.repeat(9000) })").failed()).isFalse();
    }

    @Test
    void logLinesAreCappedPerCallAndCut() throws Exception {
        FunctionResult result = run(runtime, """
                export default async (e, { log }) => {
                  log.info('y'.repeat(100000));
                  for (let i = 0; i < 5000; i++) log.info('line ' + i);
                  return e;
                }""");
        assertThat(result.failed()).as("%s", result.error()).isFalse();
        assertThat(result.logs()).hasSize(201);
        assertThat(result.logs().get(0).message()).hasSizeLessThan(8300).endsWith("(cut at 8192 characters)");
        assertThat(result.logs().get(200).message()).contains("4801 more log lines of this call were dropped");
    }

    @Test
    void aStoreValueOverTheLimitIsRefused() throws Exception {
        FunctionResult result = run(runtime,
                "export default async (e, { store }) => { await store.set('k', 'x'.repeat(2 * 1024 * 1024)); return e; }");
        assertThat(result.error().kind()).isEqualTo(Kind.LIMIT);
        assertThat(result.error().message()).contains("LimitExceeded: a store value may be at most 1048576 characters");
    }

    /**
     * A function that keeps everything it allocates would take the whole heap (and the threads of
     * everything else in the JVM with it): the heap guard stops it after a garbage collection
     * finds the heap over the limit, while another thread of the JVM keeps allocating happily.
     */
    @Test
    @Timeout(120)
    void aFunctionAllocatingWithoutBoundIsStoppedAndTheJvmKeepsWorking() throws Exception {
        try (FunctionRuntime guarded = new FunctionRuntime(RuntimeConfig.defaults()
                .withPoolSize(2)
                .withStatementLimit(0)
                .withTimeLimit(Duration.ofSeconds(90))
                .withHeapLimitPercent(60))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong otherWork = new AtomicLong();
            List<Throwable> otherFailures = new ArrayList<>();
            // Stands for ingest: allocates and drops 1 MB at a time, as request handling does.
            Thread bystander = new Thread(() -> {
                try {
                    while (running.get()) {
                        byte[] scratch = new byte[1024 * 1024];
                        otherWork.addAndGet(scratch.length / (1024 * 1024));
                        Thread.sleep(1);
                    }
                } catch (Throwable e) {
                    otherFailures.add(e);
                }
            }, "bystander");
            bystander.start();
            long started = System.nanoTime();
            FunctionResult result;
            try {
                result = run(guarded, """
                        export default async (e) => {
                          const keep = [];
                          for (let i = 0; ; i++) keep.push(new Array(100000).fill(i));
                        }""");
            } finally {
                running.set(false);
                bystander.join();
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(result.error()).isNotNull();
            assertThat(result.error().kind()).as("%s", result.error()).isEqualTo(Kind.LIMIT);
            assertThat(result.error().message()).contains("stopped by the memory limit", "limit 60%");
            assertThat(seconds).isLessThan(60);
            assertThat(otherFailures).isEmpty();
            assertThat(otherWork.get()).isPositive();

            // The memory is free again and the runtime works.
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            assertThat(used).isLessThan(Runtime.getRuntime().maxMemory() / 2);
            assertThat(run(guarded, "export default async (e) => ({ ...e, fine: true })").events().get(0)
                    .path("fine").asBoolean()).isTrue();
        }
    }
}
