package io.cdp.server.workspaces;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/v1/workspaces}. Only enterprise workspaces may set their own limits.
 *
 * <pre>{@code {"name": "acme", "tier": "enterprise", "rate_burst": 20000, "rate_per_day": 500000000}}</pre>
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateWorkspaceRequest(
        @NotNull @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE) String name,
        Tier tier,
        @Positive Integer rateBurst,
        @Positive Long ratePerDay) {

    public Tier tierOrDefault() {
        return tier == null ? Tier.DEFAULT : tier;
    }
}
