package io.cdp.server.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper. {@link AppError} keeps its status and safe message; JAX-RS errors
 * (404 route, 405, 415) keep their status with a plain message; malformed JSON becomes a 400;
 * Bean Validation failures become a 400 naming the field; anything else is a 500 whose details go only to the log, under an id the response carries.
 */
@Provider
public class AppErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(AppErrorMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof AppError error) {
            if (error.status() >= 500) {
                LOG.error("request failed: {}", error.getMessage(), error.getCause());
            }
            Response.ResponseBuilder response = Response.status(error.status())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.of(error.getMessage(), error.field().orElse(null)));
            error.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
            if (error.status() == 413) {
                // The body was refused unread, so the connection cannot carry another request:
                // saying so keeps clients from sending their next one down a closed connection.
                response.header("Connection", "close");
            }
            return response.build();
        }
        if (exception instanceof ConstraintViolationException invalid) {
            return invalid.getConstraintViolations().stream()
                    .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                    .findFirst()
                    .map(violation -> {
                        String field = fieldName(violation.getPropertyPath());
                        return json(400, ErrorBody.of(field + " " + violation.getMessage(), field));
                    })
                    .orElseGet(() -> json(400, ErrorBody.of("invalid request", null)));
        }
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // Valid JSON, wrong value for a field (an unknown enum value, a string for a number).
            String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            Throwable reason = mapping.getCause() instanceof IllegalArgumentException invalid ? invalid : null;
            return json(400, ErrorBody.of(field + ": " + (reason != null ? reason.getMessage()
                    : "has the wrong type"), field));
        }
        if (exception instanceof JsonProcessingException json) {
            return json(400, ErrorBody.of("malformed JSON: " + json.getOriginalMessage(), null));
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                String reason = web.getResponse().getStatusInfo().getReasonPhrase();
                return json(status, ErrorBody.of(reason == null ? "request refused" : reason.toLowerCase(), null));
            }
        }
        String id = UUID.randomUUID().toString();
        LOG.error("unexpected error {}", id, exception);
        return json(500, new ErrorBody("internal server error", null, id));
    }

    /**
     * Jersey's own bean-validation mapper (for {@code ValidationException}) is a closer match
     * than a {@code Throwable} mapper and answers an empty 400 page; this closer one hands
     * constraint violations back to {@link AppErrorMapper}, so they get the JSON body naming
     * the field. Register it next to the main mapper.
     */
    @Provider
    public static class ConstraintViolations implements ExceptionMapper<ConstraintViolationException> {
        private final AppErrorMapper mapper;

        public ConstraintViolations(AppErrorMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public Response toResponse(ConstraintViolationException exception) {
            return mapper.toResponse(exception);
        }
    }

    /** Bean Validation paths look like {@code track.arg0.userId}: the client only knows the last part. */
    private static String fieldName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getName() != null && !node.getName().startsWith("arg")) {
                name = node.getName();
            }
        }
        return name == null ? "body" : name;
    }

    private static Response json(int status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
