package io.cdp.cli.bench;

import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.ServerConfigOption;
import io.cdp.server.CdpConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code cdp bench} command does around its measurement: refuse bad options before
 * anything runs, read the server's configuration (the services to measure on), run, and turn a
 * failure into one line that says what to check, with the same exit codes for all of them (the
 * {@code @Command} here lists them in each one's help: picocli reads a superclass's attributes too).
 */
@Command(exitCodeListHeading = "Exit codes:%n", exitCodeList = {BenchmarkCommand.MEASURED, BenchmarkCommand.NOT_RUN,
        BenchmarkCommand.INVALID})
abstract class BenchmarkCommand<R> implements Callable<Integer> {
    static final String MEASURED = "0:measured (whether or not the targets were met)";
    static final String NOT_RUN = "1:the benchmark could not run (the message says why)";
    static final String INVALID = "2:invalid command line or configuration";

    @Spec CommandSpec spec;
    @Mixin ServerConfigOption config;

    /**
     * What is wrong with the command line beyond one option's range, or null when nothing is (an
     * option's range is checked where it is declared, with {@link io.cdp.cli.command.OptionChecks}).
     */
    String invalidOptions() {
        return null;
    }

    /** Runs the measurement, printing progress to {@code progress}. */
    abstract R measure(CdpConfiguration configuration, PrintWriter progress) throws Exception;

    abstract void print(R result, PrintWriter out);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String invalid = invalidOptions();
        if (invalid != null) {
            err.println(invalid);
            return ExitCodes.USAGE;
        }
        CdpConfiguration configuration;
        try {
            configuration = config.load();
        } catch (ConfigurationException | IOException e) {
            err.println("cannot read the configuration " + config.file() + ": " + e.getMessage().strip());
            return ExitCodes.USAGE;
        }
        R result;
        try {
            result = measure(configuration, out);
        } catch (Exception e) {
            err.println("the benchmark failed: " + e.getMessage());
            err.println("Are the services up (./cdp dev up) and the configuration pointing at them?");
            return ExitCodes.REFUSED;
        }
        print(result, out);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A figure a benchmark aims at: its bound, which side of it is good, and the verdict printed after
     * the measured figure, e.g. {@code (target >= 0.8: met)}.
     */
    record Target(String figure, boolean atLeast, double bound, String boundFormat) {
        /** Send to stored (queryable) p99 of the bulker and pipeline benchmarks, in milliseconds. */
        static final Target P99_MILLIS = new Target("p99 ", false, 5000, "%.0f ms");

        /** A ratio to a baseline that must reach {@code bound}. */
        static Target ratioAtLeast(double bound) {
            return new Target("", true, bound, "%.1f");
        }

        boolean met(double measured) {
            return atLeast ? measured >= bound : measured < bound;
        }

        /** {@code (target >= 0.8: met)}, or {@code NOT met}. */
        String verdict(double measured) {
            return String.format("(target %s%s " + boundFormat + ": %s)", figure, atLeast ? ">=" : "<", bound,
                    met(measured) ? "met" : "NOT met");
        }
    }
}
