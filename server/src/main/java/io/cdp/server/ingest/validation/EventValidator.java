package io.cdp.server.ingest.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.util.Comparator;
import java.util.Set;

/**
 * Pipeline step 2b: checks one event against {@link SegmentEvent} (its field types, then its
 * Bean Validation rules for its type) and answers the typed view, or a 400 {@link AppError}
 * naming the first offending field. Thread-safe.
 */
public class EventValidator {
    private final Validator validator;

    public EventValidator(Validator validator) {
        this.validator = validator;
    }

    public SegmentEvent validate(ObjectNode event) {
        SegmentEvent typed = bind(event);
        Set<ConstraintViolation<SegmentEvent>> violations =
                validator.validate(typed, Default.class, groupOf(typed.type()));
        violations.stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .ifPresent(violation -> {
                    String field = violation.getPropertyPath().toString();
                    throw AppError.badRequest(field + " " + violation.getMessage(), field);
                });
        return typed;
    }

    private static SegmentEvent bind(ObjectNode event) {
        try {
            return EventJson.MAPPER.treeToValue(event, SegmentEvent.class);
        } catch (JsonMappingException wrongType) {
            String field = wrongType.getPath().isEmpty() ? null : wrongType.getPath().get(0).getFieldName();
            String expected = field != null && isObjectField(field) ? "must be a JSON object" : "has the wrong type";
            throw AppError.badRequest(field == null ? "event must be a JSON object" : field + " " + expected, field);
        } catch (JsonProcessingException unreadable) {
            throw AppError.badRequest("event cannot be read: " + unreadable.getOriginalMessage(), null);
        }
    }

    private static boolean isObjectField(String field) {
        return switch (field) {
            case "properties", "traits", "context", "integrations" -> true;
            default -> false;
        };
    }

    private static Class<?> groupOf(String type) {
        if (type == null) {
            return Default.class;
        }
        return switch (type) {
            case "track" -> SegmentEvent.Track.class;
            case "group" -> SegmentEvent.Group.class;
            case "alias" -> SegmentEvent.Alias.class;
            default -> Default.class;
        };
    }
}
