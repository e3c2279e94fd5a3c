package io.cdp.server.error;

import java.util.Optional;

/**
 * The one domain error of the server. Resources and services throw it; {@link AppErrorMapper}
 * turns it into {@code {"error": "...", "field": "..."}} with its status.
 *
 * <p>The message is safe to show to a client; the cause is only logged. {@code retryable} says
 * whether trying the same thing again later can succeed (a rate limit, a service that is down),
 * which consumers and clients use to decide between retry and dead-letter.
 *
 * <pre>{@code
 * throw AppError.badRequest("expected a number", "properties_price");
 * }</pre>
 */
public final class AppError extends RuntimeException {
    private final int status;
    private final String field;
    private final boolean retryable;
    private final Integer retryAfterSeconds;

    private AppError(int status, String message, String field, boolean retryable,
                     Integer retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.field = field;
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static AppError badRequest(String message, String field) {
        return new AppError(400, message, field, false, null, null);
    }

    public static AppError unauthorized(String message) {
        return new AppError(401, message, null, false, null, null);
    }

    public static AppError forbidden(String message) {
        return new AppError(403, message, null, false, null, null);
    }

    public static AppError notFound(String message) {
        return new AppError(404, message, null, false, null, null);
    }

    public static AppError conflict(String message, String field) {
        return new AppError(409, message, field, false, null, null);
    }

    public static AppError payloadTooLarge(String message) {
        return new AppError(413, message, null, false, null, null);
    }

    public static AppError unsupportedMediaType(String message) {
        return new AppError(415, message, null, false, null, null);
    }

    public static AppError unprocessable(String message, String field) {
        return new AppError(422, message, field, false, null, null);
    }

    public static AppError tooManyRequests(String message, int retryAfterSeconds) {
        return new AppError(429, message, null, true, retryAfterSeconds, null);
    }

    public static AppError unavailable(String message, Throwable cause) {
        return new AppError(503, message, null, true, null, cause);
    }

    /** A 503 that tells the client when to try again ({@code Retry-After}). */
    public static AppError unavailable(String message, int retryAfterSeconds, Throwable cause) {
        return new AppError(503, message, null, true, retryAfterSeconds, cause);
    }

    public static AppError internal(String message, Throwable cause) {
        return new AppError(500, message, null, false, null, cause);
    }

    public int status() {
        return status;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Integer> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }
}
