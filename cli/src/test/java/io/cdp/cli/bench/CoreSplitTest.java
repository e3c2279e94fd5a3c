package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.common.net.HostAndPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Finding a local service's process by its port, and pinning processes to cores and back. */
class CoreSplitTest {
    @Test
    void cpuListsReadAndWrittenAsTasksetAndProcWriteThem() {
        assertThat(CoreSplit.parseList("0-2,5")).containsExactly(0, 1, 2, 5);
        assertThat(CoreSplit.parseList("3")).containsExactly(3);
        assertThat(CoreSplit.list(List.of(0, 1, 7))).isEqualTo("0,1,7");
    }

    @Test
    void listeningSocketsAreFoundByPortAmongProcNetTcpLines() {
        String listening = "   1: 0100007F:4716 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
                + "23456 1 0000000000000000 100 0 0 10 0";
        String connected = "   2: 0100007F:4716 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 "
                + "23457 1 0000000000000000 20 4 30 10 -1";
        String header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

        assertThat(CoreSplit.listeningInode(listening, 0x4716)).contains("23456");
        assertThat(CoreSplit.listeningInode(listening, 18123)).isEmpty();
        assertThat(CoreSplit.listeningInode(connected, 0x4716)).isEmpty();
        assertThat(CoreSplit.listeningInode(header, 0x4716)).isEmpty();
    }

    @Test
    void hostsAndPortsOfUrlsAndBootstrapServers() {
        assertThat(CoreSplit.addressOf("http://127.0.0.1:18123")).isEqualTo(HostAndPort.fromParts("127.0.0.1", 18123));
        assertThat(CoreSplit.addressOf("http://clickhouse.internal")).isEqualTo(
                HostAndPort.fromParts("clickhouse.internal", 8123));
        assertThat(CoreSplit.brokers("[::1]:9092, 127.0.0.1:19092")).containsExactly(HostAndPort.fromParts("::1", 9092),
                HostAndPort.fromParts("127.0.0.1", 19092));
    }

    @Test
    void theProcessListeningOnALocalPortIsFound() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/net"))).as("Linux /proc").isTrue();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HostAndPort address = HostAndPort.fromParts("127.0.0.1", server.getLocalPort());

            assertThat(CoreSplit.listeningPid(address)).hasValue(ProcessHandle.current().pid());
        }
        assertThat(CoreSplit.listeningPid(HostAndPort.fromParts("192.0.2.1", 18123))).isEmpty();
    }

    @Test
    void theServicesAreNamedForTheCpuReportWhetherPinnedOrNot() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/net"))).as("Linux /proc").isTrue();
        try (ServerSocket clickHouse = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket kafka = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CoreSplit shared = CoreSplit.apply(0, HostAndPort.fromParts("127.0.0.1", clickHouse.getLocalPort()),
                    List.of(HostAndPort.fromParts("127.0.0.1", kafka.getLocalPort()),
                            HostAndPort.fromParts("192.0.2.1", 9092)));
            shared.close();

            long self = ProcessHandle.current().pid();
            assertThat(shared.services()).containsExactly(entry("ClickHouse", self), entry("Kafka", self));
        }
    }

    @Test
    void aProcessIsPinnedToCoresAndGivenBackTheOnesItHad() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/net"))).as("Linux /proc").isTrue();
        List<Integer> allowed = CoreSplit.affinity(ProcessHandle.current().pid());
        assumeThat(allowed).as("two cores or more").hasSizeGreaterThan(1);
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            long pid = sleeper.pid();
            List<Integer> before = CoreSplit.affinity(pid);

            CoreSplit.taskset(pid, Integer.toString(allowed.get(allowed.size() - 1)));
            assertThat(CoreSplit.affinity(pid)).containsExactly(allowed.get(allowed.size() - 1));

            CoreSplit.taskset(pid, CoreSplit.list(before));
            assertThat(CoreSplit.affinity(pid)).isEqualTo(before);
        } finally {
            sleeper.destroy();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noCoreOfItsOwnWhenAskedForNoneOrWhenClickHouseIsNotLocal() {
        CoreSplit none = CoreSplit.apply(0, HostAndPort.fromParts("127.0.0.1", 18123), List.of());
        assertThat(none.description()).isEqualTo("every core shared, as --clickhouse-cores 0 asks");
        none.close();

        CoreSplit remote = CoreSplit.apply(1, HostAndPort.fromParts("192.0.2.1", 8123), List.of());
        assertThat(remote.description()).startsWith("every core shared");
        remote.close();
    }
}
