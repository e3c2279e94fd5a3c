package io.cdp.cli.bench;

import io.cdp.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code cdp bench}: benchmarks of pipeline stages on the configured services. */
@Command(
        name = "bench",
        header = "Benchmark pipeline stages on the configured services (not tests: figures vary with load).",
        subcommands = {BulkerBenchCommand.class, PipelineBenchCommand.class, RotorBenchCommand.class},
        footer = {"  ./cdp bench bulker", "  ./cdp bench bulker --events 500000", "  ./cdp bench pipeline",
                "  ./cdp bench rotor"})
public class BenchCommand extends CommandGroup {
}
