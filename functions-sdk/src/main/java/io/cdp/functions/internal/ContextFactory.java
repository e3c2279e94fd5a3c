package io.cdp.functions.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdp.functions.call.RuntimeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Builds the shared engine and the sandboxed contexts. Every permission is spelled out (and
 * denied) even where {@link SandboxPolicy#CONSTRAINED} already denies it, so the sandbox is
 * readable here in one place.
 */
public final class ContextFactory {
    /**
     * No host objects, classes or members at all. (HostAccess.NONE still permits mutable target
     * type mappings, which the CONSTRAINED policy refuses; this is NONE without them.)
     */
    private static final HostAccess NO_HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();

    private static final String PRELUDE_NAME = "cdp-prelude.js";

    private final Engine engine;
    private final RuntimeConfig config;
    private final HttpFetcher fetcher;
    private final ObjectMapper mapper;
    private final Source prelude;
    private final ResourceLimits limits;

    public ContextFactory(Engine engine, RuntimeConfig config, HttpFetcher fetcher, ObjectMapper mapper) {
        this.engine = engine;
        this.config = config;
        this.fetcher = fetcher;
        this.mapper = mapper;
        this.prelude = Source.newBuilder("js", resource("prelude.js"), PRELUDE_NAME).buildLiteral();
        ResourceLimits.Builder builder = ResourceLimits.newBuilder();
        if (config.statementLimit() > 0) {
            // Only the functions' own statements count: the prelude runs a fixed, small amount of
            // code per call (it loops only over what the function returned), and counting it made
            // every call pay for instrumentation that can never catch a runaway loop.
            builder.statementLimit(config.statementLimit(), source -> !PRELUDE_NAME.equals(source.getName()));
        }
        this.limits = builder.build();
    }

    /** The engine every context shares (parsed code is shared through it). */
    public static Engine newEngine() {
        return builder().build();
    }

    private static Engine.Builder builder() {
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false");
    }

    RuntimeConfig config() {
        return config;
    }

    /** A new context for the functions of {@code workspace}. */
    PooledContext create(String workspace) {
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .allowHostAccess(NO_HOST_ACCESS)
                .allowHostClassLookup(className -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .option("js.esm-eval-returns-exports", "true")
                .resourceLimits(limits)
                .build();
        try {
            return new PooledContext(workspace, context, new HostBridge(fetcher, mapper), prelude,
                    config.maxOutputChars());
        } catch (RuntimeException | Error e) {
            context.close(true);
            throw e;
        }
    }

    private static String resource(String name) {
        try (InputStream in = ContextFactory.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
