package io.cdp.server.workspaces;

/** The rule for workspace and source names: short, and safe to type in a shell without quotes. */
public final class Names {
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
    public static final String MESSAGE =
            "must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Names() {
    }
}
