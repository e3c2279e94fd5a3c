package io.cdp.server.functions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cdp.functions.call.FunctionCode;
import java.time.Instant;

/**
 * A deployed function: one row of {@code functions}. The code is left out of JSON answers;
 * {@code props} (what the function gets as {@code ctx.props}) is JSON text.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoredFunction(String id, String workspaceId, String name, @JsonIgnore String code, int version,
                             @JsonRawValue String props, Instant createdAt, Instant updatedAt) {
    public FunctionCode functionCode() {
        return new FunctionCode(id, name, version, code, workspaceId);
    }
}
