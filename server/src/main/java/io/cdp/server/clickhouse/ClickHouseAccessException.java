package io.cdp.server.clickhouse;

/**
 * A ClickHouse call failed. {@link #retriable()} says whether trying again can help (the server
 * was unreachable or overloaded) or not (the SQL or the data is wrong); {@link #code()} is the
 * server's error code ({@code 60} unknown table, {@code 62} syntax error, ...) or {@code -1}
 * when the server never answered.
 */
public class ClickHouseAccessException extends RuntimeException {
    private final int code;
    private final boolean retriable;

    public ClickHouseAccessException(String message, int code, boolean retriable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retriable = retriable;
    }

    /** The ClickHouse error code, or -1 when the failure happened before the server answered. */
    public int code() {
        return code;
    }

    /** True when the same call may succeed later (connection refused, timeout, server overloaded). */
    public boolean retriable() {
        return retriable;
    }
}
