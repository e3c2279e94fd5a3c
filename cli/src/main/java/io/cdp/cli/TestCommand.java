package io.cdp.cli;

import io.cdp.cli.command.HelpSections;
import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.cli.dev.stack.LocalStack;
import io.cdp.cli.dev.process.Maven;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code cdp test}: the project's test command. Starts the local services ({@code cdp dev up}),
 * then runs {@code mvn -B verify} in the project folder with the services' addresses in the
 * environment, and exits with Maven's status.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        header = "Run the test suite (mvn verify) on the local services, starting them first.",
        customSynopsis = "cdp test [-hV] [MAVEN_ARGUMENT...]",
        description = "Runs `cdp dev up` (services only), then `mvn -B verify` in the project folder with the"
                + " services' addresses exported (CDP_PG_PORT, CDP_REDIS_PORT, CDP_KAFKA_BOOTSTRAP, CDP_CLICKHOUSE_URL,"
                + " ...), so the integration tests reach them. Other arguments go to Maven as they are. The services"
                + " keep running afterwards (./cdp dev down stops them).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:every test passed",
                "1:the services could not start, or Maven failed (tests or build; its output says which)"},
        footerHeading = HelpSections.EXAMPLES,
        footer = {
                "  ./cdp test",
                "  ./cdp test -pl server -am",
                "  ./cdp test -pl cli -am -Dtest='Dev*' -Dsurefire.failIfNoSpecifiedTests=false"})
public class TestCommand implements Callable<Integer> {
    private final Map<String, String> environment;

    @Spec CommandSpec spec;

    @Unmatched
    List<String> mavenArguments = new ArrayList<>();

    public TestCommand() {
        this(System.getenv());
    }

    /** For tests: the variables to read instead of the process environment. */
    public TestCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path home = DevSettings.home(environment);
            if (!Files.isRegularFile(home.resolve("pom.xml"))) {
                throw new DevException("no pom.xml in " + home + ": run ./cdp test from the project folder "
                        + "(the launcher sets CDP_HOME).");
            }
            LocalStack stack = LocalStack.create(DevSettings.from(environment));
            stack.up(out);
            out.println();
            stack.report(out);
            List<String> command = new ArrayList<>(List.of(Maven.require(), "-B", "verify"));
            command.addAll(mavenArguments);
            out.println();
            out.println("$ " + String.join(" ", command));
            out.flush();
            // Maven rewrites jars only when sources changed since ./cdp built them, so the jars
            // this JVM runs from stay as they are.
            int status = Processes.run(command, Maven.environment(stack.settings().environment()), home, line -> {
                out.println(line);
                out.flush();
            });
            out.println();
            out.println(status == 0 ? "Tests passed." : "Maven exited with status " + status + ": read its output above.");
            out.println("The services keep running; ./cdp dev down stops them.");
            return status == 0 ? 0 : 1;
        } catch (DevException | IOException e) {
            out.flush();
            err.println("cdp test: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
    }
}
