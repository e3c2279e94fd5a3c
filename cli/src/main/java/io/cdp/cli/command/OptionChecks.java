package io.cdp.cli.command;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks for options declared on setter methods ({@code @Option} on a method taking the
 * value): the check stands next to the option it is about, and a refusal names that option and
 * what it accepts. Picocli reports the exception as an invalid command line (exit code
 * {@link ExitCodes#USAGE}) before the command runs.
 */
public final class OptionChecks {
    private OptionChecks() {
    }

    /** {@code value}, or a refusal when it is below {@code min}. */
    public static long atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw refused(spec, option, "at least " + min, value);
        }
        return value;
    }

    /** {@code value}, or a refusal when it is below {@code min}. */
    public static int atLeast(CommandSpec spec, String option, int value, int min) {
        return (int) atLeast(spec, option, (long) value, min);
    }

    /** {@code value}, or a refusal when it is outside {@code min} to {@code max}. */
    public static int between(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw refused(spec, option, "from " + min + " to " + max, value);
        }
        return value;
    }

    /** {@code value}, or a refusal when it is not above 0 and at most 1. */
    public static double fraction(CommandSpec spec, String option, double value) {
        if (!(value > 0 && value <= 1)) {
            throw refused(spec, option, "above 0 and at most 1", value);
        }
        return value;
    }

    private static ParameterException refused(CommandSpec spec, String option, String accepted, Object value) {
        return new ParameterException(spec.commandLine(), option + " must be " + accepted + ", not " + value + ".");
    }
}
