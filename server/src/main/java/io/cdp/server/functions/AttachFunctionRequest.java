package io.cdp.server.functions;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/v1/functions/{function}/attach}: put the function into a source's chain. */
public record AttachFunctionRequest(
        @JsonProperty("workspace") String workspace,
        @JsonProperty("source") @NotBlank String source,
        @JsonProperty("position") @Min(1) Integer position) {
}
