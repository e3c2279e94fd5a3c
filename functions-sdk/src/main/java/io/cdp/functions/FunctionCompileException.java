package io.cdp.functions;

/**
 * The code cannot become a function: a syntax error, an unsupported import, no default export,
 * or top-level code that throws. The message says what and where, fit to show to the author.
 */
public final class FunctionCompileException extends Exception {
    public FunctionCompileException(String message) {
        super(message);
    }
}
