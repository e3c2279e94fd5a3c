package io.cdp.server.workspaces;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/workspaces/{workspace}/sources}: {@code {"name": "web", "type": "browser"}}. */
public record CreateSourceRequest(
        @NotNull @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE) String name,
        @Pattern(regexp = "browser|s2s", message = "must be browser or s2s") String type) {

    public String typeOrDefault() {
        return type == null ? "s2s" : type;
    }
}
