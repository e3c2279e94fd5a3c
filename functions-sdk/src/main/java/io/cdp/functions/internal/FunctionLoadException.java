package io.cdp.functions.internal;

/** A module that evaluated but does not export a function as its default. */
public final class FunctionLoadException extends RuntimeException {
    public FunctionLoadException(String message) {
        super(message);
    }
}
