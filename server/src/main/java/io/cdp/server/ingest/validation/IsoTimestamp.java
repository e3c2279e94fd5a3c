package io.cdp.server.ingest.validation;

import io.cdp.server.event.Timestamps;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A date-time in the pipeline's one grammar, {@link Timestamps#parse} (null is fine). */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IsoTimestamp.Validator.class)
public @interface IsoTimestamp {
    String message() default "must be an ISO-8601 date-time such as 2026-11-26T05:00:00.000Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses with {@link Timestamps#parse}. */
    class Validator implements ConstraintValidator<IsoTimestamp, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Timestamps.parse(value).isPresent();
        }
    }
}
