package io.cdp.server.ingest.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The fields of a Segment event the pipeline relies on, with the Segment spec's rules as Bean
 * Validation annotations. Other fields of the event pass through untouched (the raw event is
 * what travels on); this record is how it is checked before any business logic runs.
 *
 * <p>Type-specific rules are validation groups: {@link Track} needs {@code event}, {@link Group}
 * needs {@code groupId}, {@link Alias} needs {@code previousId}.
 */
@Identified
public record SegmentEvent(
        @NotNull(message = "is required: one of track, identify, page, screen, group, alias")
        @Pattern(regexp = "track|identify|page|screen|group|alias",
                message = "must be one of track, identify, page, screen, group, alias")
        String type,
        @Size(max = 255) String userId,
        @Size(max = 255) String anonymousId,
        @Size(max = 255) String messageId,
        @NotBlank(groups = Track.class, message = "is required for track events") @Size(max = 255) String event,
        @Size(max = 255) String name,
        @NotBlank(groups = Group.class, message = "is required for group events") @Size(max = 255) String groupId,
        @NotBlank(groups = Alias.class, message = "is required for alias events") @Size(max = 255) String previousId,
        @IsoTimestamp String timestamp,
        @IsoTimestamp String originalTimestamp,
        @IsoTimestamp String sentAt,
        ObjectNode properties,
        ObjectNode traits,
        ObjectNode context,
        ObjectNode integrations) {

    /** Rules only for {@code track}. */
    public interface Track {
    }

    /** Rules only for {@code group}. */
    public interface Group {
    }

    /** Rules only for {@code alias}. */
    public interface Alias {
    }
}
