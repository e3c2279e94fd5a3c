package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.call.RuntimeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.functions.call.FunctionResult.Outcome;
import io.cdp.functions.store.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Functions of different workspaces never share a JavaScript realm: what one workspace's code
 * does to prototypes, globals or built-ins is invisible to another's. Functions of one workspace
 * do share one (see docs/functions.md), and the runtime's own plumbing survives what they do.
 */
class WorkspaceIsolationTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** Reads every change workspace A's attacks below could make, as properties of the event. */
    private static final String OBSERVER = """
            export default async function (event) {
              const probe = {};
              event.properties = {
                injected: probe.injected ?? null,
                arrayInjected: [].injected ?? null,
                stolen: globalThis.stolen ?? null,
                mapped: [1, 2].map((n) => n * 10),
                json: JSON.stringify({ a: 1 }),
                parsed: JSON.parse('{"b":2}'),
                keys: Object.keys({ c: 3 }),
                then: await Promise.resolve(5).then((n) => n + 1),
              };
              return event;
            }""";

    private static final String ATTACKER = """
            Object.prototype.injected = 'by-evil-at-load';
            export default async function (event) {
              Object.prototype.injected = 'by-evil';
              Array.prototype.injected = 'by-evil';
              globalThis.stolen = JSON.stringify(event);
              const map = Array.prototype.map;
              Array.prototype.map = function () { return ['evil']; };
              JSON.stringify = () => '"evil"';
              JSON.parse = () => ({ evil: true });
              Object.keys = () => ['evil'];
              Promise.prototype.then = function () { return 'evil'; };
              return event;
            }""";

    private static FunctionRuntime runtime(int poolSize, int maxContexts) {
        return new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(poolSize).withMaxContexts(maxContexts)
                .withTimeLimit(Duration.ofSeconds(10)));
    }

    private static CompiledFunction compile(FunctionRuntime runtime, String workspace, String code)
            throws FunctionCompileException {
        int n = COUNTER.incrementAndGet();
        return runtime.compile(new FunctionCode("fn" + n, "fn" + n, 1, code, workspace));
    }

    private static ObjectNode event(String userId) {
        ObjectNode event = FunctionRuntime.mapper().createObjectNode();
        event.put("type", "track").put("userId", userId);
        event.putObject("properties").put("secret", "of-" + userId);
        return event;
    }

    private static ObjectNode run(FunctionRuntime runtime, CompiledFunction function, String userId) {
        FunctionResult result = runtime.invoke(function, event(userId), Invocation.minimal(new InMemoryStore()));
        assertThat(result.outcome()).as("%s", result.error()).isEqualTo(Outcome.EVENTS);
        assertThat(result.events()).hasSize(1);
        return result.events().get(0);
    }

    private static void assertUntouched(ObjectNode observed) {
        assertThat(observed.path("properties").toString()).isEqualTo("{\"injected\":null,\"arrayInjected\":null,"
                + "\"stolen\":null,\"mapped\":[10,20],\"json\":\"{\\\"a\\\":1}\",\"parsed\":{\"b\":2},"
                + "\"keys\":[\"c\"],\"then\":6}");
    }

    @ParameterizedTest(name = "pool of 1, at most {0} contexts")
    @ValueSource(ints = {1, 2, 8})
    void prototypesGlobalsAndBuiltInsChangedByOneWorkspaceAreInvisibleToAnother(int maxContexts) throws Exception {
        // One call at a time: with a single shared realm, B would run right where A just ran.
        try (FunctionRuntime runtime = runtime(1, maxContexts)) {
            CompiledFunction attacker = compile(runtime, "ws-a", ATTACKER);
            CompiledFunction observer = compile(runtime, "ws-b", OBSERVER);
            for (int i = 0; i < 5; i++) {
                run(runtime, attacker, "a-user-" + i);
                assertUntouched(run(runtime, observer, "b-user-" + i));
            }
            assertThat(runtime.openContexts()).isLessThanOrEqualTo(maxContexts);
        }
    }

    @Test
    void aWorkspacesGlobalsReachItsOwnLaterEventsButNoOtherWorkspaces() throws Exception {
        try (FunctionRuntime runtime = runtime(1, 4)) {
            CompiledFunction remember = compile(runtime, "ws-a", """
                    export default async function (event) {
                      const previous = globalThis.lastUser ?? null;
                      globalThis.lastUser = event.userId;
                      return { ...event, previous };
                    }""");
            CompiledFunction sameWorkspace = compile(runtime, "ws-a",
                    "export default async (e) => ({ ...e, previous: globalThis.lastUser ?? null })");
            CompiledFunction otherWorkspace = compile(runtime, "ws-b",
                    "export default async (e) => ({ ...e, previous: globalThis.lastUser ?? null })");

            assertThat(run(runtime, remember, "u1").path("previous").isNull()).isTrue();
            assertThat(run(runtime, otherWorkspace, "u2").path("previous").isNull()).isTrue();
            assertThat(run(runtime, remember, "u3").path("previous").asText()).isEqualTo("u1");
            // Documented: one workspace's functions share a realm (Jitsu's functions of a workspace do too).
            assertThat(run(runtime, sameWorkspace, "u4").path("previous").asText()).isEqualTo("u3");
            assertThat(run(runtime, otherWorkspace, "u5").path("previous").isNull()).isTrue();
        }
    }

    @Test
    void concurrentCallsOfManyWorkspacesNeverSeeAnotherWorkspacesChanges() throws Exception {
        try (FunctionRuntime runtime = runtime(4, 6)) {
            List<CompiledFunction> attackers = new ArrayList<>();
            List<CompiledFunction> observers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                attackers.add(compile(runtime, "attacker-" + w, ATTACKER));
                observers.add(compile(runtime, "observer-" + w, OBSERVER));
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            int w = (thread + i) % 4;
                            if (thread % 2 == 0) {
                                run(runtime, attackers.get(w), "a" + i);
                            } else {
                                assertUntouched(run(runtime, observers.get(w), "b" + i));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(runtime.openContexts()).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void replacedBuiltInsCannotMakeTheRuntimeMisreadAWorkspacesOwnOutput() throws Exception {
        try (FunctionRuntime runtime = runtime(1, 2)) {
            CompiledFunction vandal = compile(runtime, "ws-a", """
                    export default async function (event) {
                      JSON.stringify = () => '{"forged":1}\\n{"forged":2}';
                      Array.prototype.map = () => ['{"forged":3}'];
                      Array.prototype.join = () => '{"forged":4}';
                      Array.isArray = () => false;
                      return [{ n: 1 }, { n: 2 }];
                    }""");
            FunctionResult result = runtime.invoke(vandal, event("u"), Invocation.minimal(new InMemoryStore()));
            assertThat(result.eventsJson()).containsExactly("{\"n\":1}", "{\"n\":2}");
            // The next call in the same (vandalised) realm still hands its events over intact.
            CompiledFunction next = compile(runtime, "ws-a", "export default async (e) => ({ ...e, next: true })");
            assertThat(run(runtime, next, "u2").path("next").asBoolean()).isTrue();
        }
    }

    @Test
    void idleWorkspacesContextsAreEvictedLeastRecentlyUsedFirst() throws Exception {
        try (FunctionRuntime runtime = runtime(1, 2)) {
            List<CompiledFunction> counters = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                counters.add(compile(runtime, "ws-" + w,
                        "export default async (e) => ({ ...e, calls: globalThis.calls = (globalThis.calls ?? 0) + 1 })"));
            }
            // Compiling loaded ws-0, ws-1, then ws-2 in place of ws-0: ws-1 and ws-2 are open.
            int[][] callsThenExpected = {{0, 1}, {2, 1}, {0, 2}, {1, 1}, {0, 3}, {2, 1}};
            for (int[] step : callsThenExpected) {
                assertThat(run(runtime, counters.get(step[0]), "u").path("calls").asInt())
                        .as("call of ws-%d", step[0]).isEqualTo(step[1]);
                assertThat(runtime.openContexts()).isLessThanOrEqualTo(2);
            }
        }
    }
}
