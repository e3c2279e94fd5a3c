package io.cdp.functions.call;

import org.graalvm.polyglot.Source;

/**
 * A function checked and parsed by {@link io.cdp.functions.FunctionRuntime#compile}: its source
 * is parsed once per runtime (GraalJS caches the parse in the shared engine) and its module
 * evaluated once per pooled context of its workspace. Immutable and thread-safe.
 *
 * @param code   what was compiled
 * @param source the parsed-once GraalJS source (for the runtime)
 * @param key    identifies this exact code: id, version and a hash of the text
 */
public record CompiledFunction(FunctionCode code, Source source, String key) {
    /** For the runtime, which checked that {@code source} loads ({@code FunctionRuntime.compile}). */
    public static CompiledFunction of(FunctionCode code, Source source) {
        return new CompiledFunction(code, source,
                code.id() + "@" + code.version() + "#" + Integer.toHexString(code.code().hashCode()));
    }

    public String id() {
        return code.id();
    }

    public String name() {
        return code.name();
    }

    public int version() {
        return code.version();
    }

    /** The workspace whose realms this function runs in (see {@link FunctionCode}). */
    public String workspaceId() {
        return code.workspaceId();
    }

    @Override
    public String toString() {
        return code.name() + " v" + code.version() + " (" + code.id() + ")";
    }
}
