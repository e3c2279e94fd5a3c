package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionCode;
import io.cdp.functions.call.RuntimeConfig;
import io.cdp.functions.store.InMemoryStore;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionChainTest {
    private static FunctionRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new FunctionRuntime(RuntimeConfig.defaults().withPoolSize(1));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static CompiledFunction fn(String name, String code) throws FunctionCompileException {
        return runtime.compile(new FunctionCode(name, name, 1, code));
    }

    private static ObjectNode event() {
        return FunctionRuntime.mapper().createObjectNode().put("n", 1);
    }

    @Test
    void eachStepGetsThePreviousOutputAndFanOutContinuesPerEvent() throws Exception {
        CompiledFunction split = fn("split", "export default e => [{...e, part: 'a'}, {...e, part: 'b'}]");
        CompiledFunction tag = fn("tag", "export default e => ({...e, tagged: e.part + e.n, CDP_TABLE: 't_' + e.part})");
        ChainResult result = FunctionChain.run(runtime, List.of(split, tag), event(), Invocation.minimal(new InMemoryStore()));
        assertThat(result.events()).extracting(out -> out.event().path("tagged").asText(), OutputEvent::table)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", "t_a"), org.assertj.core.groups.Tuple.tuple("b1", "t_b"));
        assertThat(result.steps()).hasSize(3);
    }

    @Test
    void aDropEndsTheChain() throws Exception {
        CompiledFunction drop = fn("drop", "export default () => 'drop'");
        CompiledFunction never = fn("never", "export default () => { throw new Error('must not run') }");
        ChainResult result = FunctionChain.run(runtime, List.of(drop, never), event(), Invocation.minimal(new InMemoryStore()));
        assertThat(result.dropped()).isTrue();
        assertThat(result.steps()).hasSize(1);
    }

    @Test
    void theFirstErrorStopsTheChainAndNamesTheFunction() throws Exception {
        CompiledFunction ok = fn("ok", "export default e => e");
        CompiledFunction bad = fn("bad", "export default () => { throw new TypeError('boom') }");
        ChainResult result = FunctionChain.run(runtime, List.of(ok, bad, ok), event(), Invocation.minimal(new InMemoryStore()));
        assertThat(result.failed()).isTrue();
        assertThat(result.failure().function().id()).isEqualTo("bad");
        assertThat(result.failure().result().error().message()).isEqualTo("TypeError: boom");
        assertThat(result.events()).isEmpty();
    }

    @Test
    void anEmptyChainPassesTheEvent() {
        ChainResult result = FunctionChain.run(runtime, List.of(), event(), Invocation.minimal(new InMemoryStore()));
        assertThat(result.events()).singleElement().satisfies(out -> assertThat(out.event()).isEqualTo(event()));
    }
}
