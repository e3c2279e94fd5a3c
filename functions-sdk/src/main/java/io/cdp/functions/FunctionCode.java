package io.cdp.functions;

import java.util.Objects;

/**
 * A function as deployed: its id, name, version and source text (an ES module whose default
 * export is {@code async function (event, ctx)}).
 */
public record FunctionCode(String id, String name, int version, String code) {
    public FunctionCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
    }
}
