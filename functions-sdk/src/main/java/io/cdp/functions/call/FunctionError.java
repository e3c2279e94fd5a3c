package io.cdp.functions.call;

/**
 * Why a call produced no events: the function threw ({@link Kind#THROW}), asked to be retried
 * ({@link Kind#RETRY}, a {@code RetryError}), ran out of time or statements ({@link Kind#TIMEOUT}),
 * passed a size or memory limit ({@link Kind#LIMIT}), or tried to leave the sandbox
 * ({@link Kind#SANDBOX}).
 *
 * @param message the error's name and message, e.g. {@code "TypeError: x is undefined"}; for
 *                {@link Kind#LIMIT} it names the limit
 * @param stack   the JavaScript stack when there is one, else null
 */
public record FunctionError(Kind kind, String message, String stack) {
    /** The error classes; each maps to one dead-letter reason or to the retry topic. */
    public enum Kind {
        THROW, TIMEOUT, SANDBOX, RETRY, LIMIT
    }
}
