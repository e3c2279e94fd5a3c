package io.cdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine commandLine = new CommandLine(new TestCommand(env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpSaysWhatItRunsAndThatArgumentsGoToMaven() {
        int status = run(Map.of(), "--help");

        assertThat(status).isZero();
        assertThat(out.toString())
                .contains("Run the test suite (mvn verify) on the local services, starting them first.")
                .contains("cdp test [-hV] [MAVEN_ARGUMENT...]", "Other arguments go to Maven as they are.")
                .contains("Exit codes:", "Examples:", "./cdp test -pl server -am");
    }

    @Test
    void outsideTheProjectItSaysWhereToRunIt(@TempDir Path empty) {
        int status = run(Map.of("CDP_HOME", empty.toString(), "CDP_DATA_DIR", empty.resolve(".cdp").toString()),
                "-pl", "server");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).contains("cdp test: no pom.xml in " + empty, "run ./cdp test from the project folder");
        assertThat(empty.resolve(".cdp")).doesNotExist();
    }
}
