package io.cdp.server.ingest.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Segment's rule that every event names who did it: {@code userId} or {@code anonymousId}.
 * Reported on the field {@code userId}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Identified.Validator.class)
public @interface Identified {
    String message() default "or anonymousId is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the two ids. */
    class Validator implements ConstraintValidator<Identified, SegmentEvent> {
        @Override
        public boolean isValid(SegmentEvent event, ConstraintValidatorContext context) {
            if (event == null || present(event.userId()) || present(event.anonymousId())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("userId").addConstraintViolation();
            return false;
        }

        private static boolean present(String id) {
            return id != null && !id.isBlank();
        }
    }
}
