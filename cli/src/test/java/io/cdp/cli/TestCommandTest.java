package io.cdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {

    private CdpRun run(Map<String, String> env, String... args) {
        return CdpRun.alone(new TestCommand(env), args);
    }

    @Test
    void helpSaysWhatItRunsAndThatArgumentsGoToMaven() {
        CdpRun run = run(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Run the test suite (mvn verify) on the local services, starting them first.")
                .contains("cdp test [-hV] [MAVEN_ARGUMENT...]", "Other arguments go to Maven as they are.")
                .contains("Exit codes:", "Examples:", "./cdp test -pl server -am");
    }

    @Test
    void outsideTheProjectItSaysWhereToRunIt(@TempDir Path empty) {
        CdpRun run = run(Map.of("CDP_HOME", empty.toString(), "CDP_DATA_DIR", empty.resolve(".cdp").toString()),
                "-pl", "server");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cdp test: no pom.xml in " + empty, "run ./cdp test from the project folder");
        assertThat(empty.resolve(".cdp")).doesNotExist();
    }
}
