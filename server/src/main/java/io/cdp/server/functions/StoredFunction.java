package io.cdp.server.functions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cdp.functions.FunctionCode;
import java.time.Instant;

/** A deployed function: one row of {@code functions}. The code is left out of JSON answers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoredFunction(String id, String workspaceId, String name, @JsonIgnore String code, int version,
                             Instant createdAt, Instant updatedAt) {
    public FunctionCode functionCode() {
        return new FunctionCode(id, name, version, code);
    }
}
