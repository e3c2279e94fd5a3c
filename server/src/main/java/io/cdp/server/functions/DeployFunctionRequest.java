package io.cdp.server.functions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/functions}: the code of a function for a workspace; a new name creates the
 * function, a known name gets a new version. With {@code source} it is also attached to that
 * source's chain (at {@code position}, else at the end). {@code props}, a JSON object, is what the
 * function gets as {@code ctx.props} (a deploy without it sets {@code {}}).
 */
public record DeployFunctionRequest(
        @JsonProperty("workspace") @NotBlank String workspace,
        @JsonProperty("name") @NotBlank @Size(max = 100)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "may hold letters, digits, '.', '_' and '-' only")
        String name,
        @JsonProperty("code") @NotBlank @Size(max = 512 * 1024, message = "must be at most 512 KB") String code,
        @JsonProperty("source") String source,
        @JsonProperty("position") @Min(1) Integer position,
        @JsonProperty("props") JsonNode props) {
}
