package io.cdp.cli.dev.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {
    @TempDir
    Path dir;

    @Test
    void pidFileRoundTrip() throws Exception {
        Path pidFile = dir.resolve("x.pid");
        Processes.writePid(pidFile, 4242);

        assertThat(Processes.readPid(pidFile)).hasValue(4242);
    }

    @Test
    void missingOrGarbledPidFileHasNoPid() throws Exception {
        Path garbled = dir.resolve("garbled.pid");
        Files.writeString(garbled, "not a pid\n");

        assertThat(Processes.readPid(dir.resolve("none.pid"))).isEmpty();
        assertThat(Processes.readPid(garbled)).isEmpty();
    }

    @Test
    void aLivePidCountsOnlyWhenItsCommandLineIsTheExpectedOne() {
        long self = ProcessHandle.current().pid();

        assertThat(Processes.live(self, "java")).isPresent();
        assertThat(Processes.live(self, "redis-server")).isEmpty();
    }

    @Test
    void detachedProcessWritesToItsLogAndStopsOnRequest() throws Exception {
        Path log = dir.resolve("sleep.log");
        Process process = Processes.startDetached(List.of("sh", "-c", "echo started; exec sleep 60"), log, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("started")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(Files.readString(log)).contains("started");
        assertThat(Processes.live(process.pid(), "sleep 60")).isPresent();
        assertThat(Processes.stop(process.toHandle(), Duration.ofSeconds(5))).isTrue();
        assertThat(process.toHandle().isAlive()).isFalse();
    }

    @Test
    void portOpenSeesAListeningSocket() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
            assertThat(Processes.portOpen(port)).isTrue();
        }
        assertThat(Processes.portOpen(port)).isFalse();
    }
}
