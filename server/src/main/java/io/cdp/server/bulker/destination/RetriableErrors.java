package io.cdp.server.bulker.destination;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Whether a failure may go away by itself, so that retrying (with back-off) is the right
 * answer rather than giving up on the rows.
 */
public final class RetriableErrors {
    private RetriableErrors() {
    }

    public static boolean retriable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DestinationException destination) {
                return destination.retriable();
            }
            if (cause instanceof SQLException sql) {
                return retriable(sql);
            }
        }
        return false;
    }

    /**
     * PostgreSQL states worth a retry: connection problems (08), rollbacks such as deadlocks
     * and serialization failures (40), lack of resources (53), shutdown (57), lock timeouts.
     */
    public static boolean retriable(SQLException error) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        return error instanceof SQLTransientException || error instanceof SQLRecoverableException
                || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57") || state.equals("55P03");
    }
}
