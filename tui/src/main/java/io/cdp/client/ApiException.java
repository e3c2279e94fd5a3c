package io.cdp.client;

/**
 * The server answered, but refused: carries the HTTP status and the server's {@code error} and
 * {@code field}, which are written for people and can be shown as they are.
 */
public class ApiException extends Exception {
    private final int status;
    private final String field;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String error, String field, Integer retryAfterSeconds) {
        super(error);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The offending field, or null. */
    public String field() {
        return field;
    }

    /** Seconds the server asked to wait (429), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
