package io.cdp.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm project of src/test/node, where the real client libraries the tests drive are pinned
 * (package.json + package-lock.json). node_modules is not committed: {@link #install} runs
 * {@code npm ci} from the lock file when a package is missing, as in CI. Tests are skipped (with
 * the reason) only where Node.js, npm or Chromium is not installed.
 */
public final class NodeProject {
    public static final Path DIRECTORY = Path.of("src", "test", "node");
    /** The Chromium the browser tests drive (Debian's {@code chromium}; .ci/run installs it). */
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private NodeProject() {
    }

    /** Skips the test unless Node.js is there; installs the pinned packages when one is missing. */
    public static void install(String... packages) throws Exception {
        Assumptions.assumeTrue(found("node"), "Node.js is not installed: the client library check is skipped");
        boolean missing = false;
        for (String name : packages) {
            missing |= !Files.isDirectory(DIRECTORY.resolve("node_modules").resolve(name));
        }
        if (!missing) {
            return;
        }
        Assumptions.assumeTrue(found("npm"), "npm is not installed: cannot install " + String.join(", ", packages));
        String output = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(DIRECTORY.toFile()).redirectErrorStream(true), 300);
        for (String name : packages) {
            assertThat(DIRECTORY.resolve("node_modules").resolve(name)).as(output).isDirectory();
        }
    }

    /** Skips the test unless Chromium is installed. */
    public static void requireChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed: the browser check is skipped");
    }

    /** Runs {@code node script} in the project with {@code environment}; its output, asserting it exited 0 in time. */
    public static String node(String script, Map<String, String> environment, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder node = new ProcessBuilder("node", script).directory(DIRECTORY.toFile()).redirectErrorStream(true);
        node.environment().putAll(environment);
        return run(node, timeoutSeconds);
    }

    private static String run(ProcessBuilder command, int timeoutSeconds) throws IOException, InterruptedException {
        File log = File.createTempFile("node", ".log");
        command.redirectOutput(log);
        Process process = command.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log.toPath());
        Files.delete(log.toPath());
        assertThat(finished).as("%s did not finish: %s", command.command(), output).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command.command(), output).isZero();
        return output;
    }

    private static boolean found(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
