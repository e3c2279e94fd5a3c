package io.cdp.server.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.dropwizard.jersey.validation.Validators;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventValidatorTest {
    private final EventValidator validator = new EventValidator(Validators.newValidator());

    private static ObjectNode event(Map<String, Object> fields) {
        return EventJson.MAPPER.valueToTree(fields);
    }

    private void assertRefused(Map<String, Object> fields, String field, String message) {
        assertThatThrownBy(() -> validator.validate(event(fields))).isInstanceOfSatisfying(AppError.class, error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.field()).contains(field);
            assertThat(error.getMessage()).contains(message);
        });
    }

    @Test
    void aValidEventIsBound() {
        SegmentEvent event = validator.validate(event(Map.of("type", "track", "anonymousId", "a", "event", "Clicked",
                "properties", Map.of("x", 1), "extra", "kept elsewhere")));
        assertThat(event.event()).isEqualTo("Clicked");
        assertThat(event.properties().get("x").asInt()).isEqualTo(1);
    }

    @Test
    void userIdOrAnonymousIdIsRequired() {
        assertRefused(Map.of("type", "identify"), "userId", "userId or anonymousId is required");
    }

    @Test
    void typeSpecificRules() {
        assertRefused(Map.of("type", "track", "userId", "u"), "event", "required for track");
        assertRefused(Map.of("type", "group", "userId", "u"), "groupId", "required for group");
        assertRefused(Map.of("type", "alias", "userId", "u"), "previousId", "required for alias");
        validator.validate(event(Map.of("type", "page", "userId", "u")));
    }

    @Test
    void typeMustBeKnown() {
        assertRefused(Map.of("type", "purchase", "userId", "u"), "type", "must be one of");
        assertRefused(Map.of("userId", "u"), "type", "is required");
    }

    @Test
    void wrongShapesAndTimestampsNameTheField() {
        assertRefused(Map.of("type", "track", "userId", "u", "event", "e", "context", 5), "context",
                "must be a JSON object");
        assertRefused(Map.of("type", "track", "userId", Map.of("id", 1), "event", "e"), "userId", "wrong type");
        assertRefused(Map.of("type", "track", "userId", "u", "event", "e", "sentAt", "soon"), "sentAt", "ISO-8601");
        assertRefused(Map.of("type", "track", "userId", "u", "event", "e".repeat(256)), "event", "size");
    }
}
