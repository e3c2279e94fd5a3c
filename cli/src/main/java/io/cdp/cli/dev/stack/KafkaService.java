package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.Maven;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run
 * from Kafka's own jars: Kafka is not packaged by Debian, so Maven resolves
 * {@code kafka_2.13} once (the pom is the cli resource {@code io/cdp/cli/dev/stack/kafka-broker-pom.xml})
 * and the broker runs as {@code java -cp CLASSPATH kafka.Kafka server.properties}.
 */
public final class KafkaService extends PidFileService {
    /** The pipeline's topics (cdp.yml: kafka.topics), created by {@code cdp dev up}. */
    public static final List<String> TOPICS = List.of("events.ingest", "events.processed", "events.dlq", "events.retry");
    static final int PARTITIONS = 3;
    private static final String POM_RESOURCE = "kafka-broker-pom.xml";

    public KafkaService(DevSettings settings) {
        // A controlled shutdown of a single node takes a few seconds.
        super(settings, "kafka", "kafka.Kafka", new Timeouts(Duration.ofSeconds(120), Duration.ofSeconds(30)));
    }

    @Override
    public List<String> missingPackages() {
        return Maven.executable().isPresent() ? List.of() : List.of("maven");
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.kafkaPort(), DevSettings.KAFKA_PORT),
                new Port(settings.kafkaControllerPort(), DevSettings.KAFKA_CONTROLLER_PORT));
    }

    private Path dataDir() {
        return home.resolve("data");
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        Files.createDirectories(home);
        String classpath = classpath(progress);
        Path properties = home.resolve("server.properties");
        Templates.write("kafka-server.properties", Map.of(
                "PORT", String.valueOf(settings.kafkaPort()),
                "CONTROLLER_PORT", String.valueOf(settings.kafkaControllerPort()),
                "DATA_DIR", dataDir().toString()), properties);
        Path log4j = home.resolve("log4j2.properties");
        Templates.write("kafka-log4j2.properties", Map.of(), log4j);
        format(classpath, properties, progress);
        Process process = Processes.startDetached(List.of(java(), "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath, "kafka.Kafka", properties.toString()),
                logFile(), Map.of());
        Processes.writePid(pidFile(), process.pid());
    }

    /**
     * Kafka's class path: resolved by Maven once per user and pom (Maven's jars are per user
     * too), cached in {@code ~/.cache/cdp/}, so a second data folder starts without Maven.
     */
    private String classpath(PrintWriter progress) throws IOException {
        String pomText = pomText();
        Path cached = cacheDir().resolve("kafka-" + sha256(pomText).substring(0, 16) + ".classpath");
        if (Files.isRegularFile(cached)) {
            String classpath = Files.readString(cached).strip();
            if (!classpath.isEmpty() && Arrays.stream(classpath.split(":")).allMatch(jar -> Files.exists(Path.of(jar)))) {
                return classpath;
            }
        }
        Path pom = home.resolve("pom.xml");
        Path classpathFile = home.resolve("classpath.txt");
        Files.writeString(pom, pomText, StandardCharsets.UTF_8);
        Files.deleteIfExists(classpathFile);
        Path log = home.resolve("maven.log");
        progress.println("kafka: resolving Kafka's jars with Maven (first start only; log: " + log + ")");
        progress.flush();
        int status = Processes.run(List.of(Maven.require(), "-B", "-f", pom.toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + classpathFile), Maven.environment(Map.of()), log);
        if (status != 0 || !Files.exists(classpathFile)) {
            throw new DevException("Maven could not resolve Kafka's jars (status " + status + "): read " + log
                    + ". Maven Central must be reachable the first time.");
        }
        String classpath = Files.readString(classpathFile).strip();
        Files.createDirectories(cached.getParent());
        Files.writeString(cached, classpath, StandardCharsets.UTF_8);
        return classpath;
    }

    /** {@code $XDG_CACHE_HOME/cdp}, else {@code ~/.cache/cdp}. */
    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cdp");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String pomText() throws IOException {
        try (InputStream in = KafkaService.class.getResourceAsStream(POM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: " + POM_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Formats the storage once (KRaft needs a cluster id and the controller's address before the
     * first start). The controller's address is part of the formatted metadata, so a new
     * controller port means formatting again, which empties the local broker.
     */
    private void format(String classpath, Path properties, PrintWriter progress) throws IOException {
        Path marker = home.resolve("formatted.properties");
        Properties formatted = new Properties();
        if (Files.exists(marker)) {
            try (var reader = Files.newBufferedReader(marker)) {
                formatted.load(reader);
            }
        }
        String controllerPort = String.valueOf(settings.kafkaControllerPort());
        boolean formattedHere = Files.exists(dataDir().resolve("meta.properties"));
        if (formattedHere && controllerPort.equals(formatted.getProperty("controller.port"))) {
            return;
        }
        if (formattedHere) {
            progress.println("kafka: the controller port changed to " + controllerPort + ": formatting its storage again (local topics are emptied)");
            deleteRecursively(dataDir());
        }
        String clusterId = Uuid.randomUuid().toString();
        Path log = home.resolve("format.log");
        int status = Processes.run(List.of(java(), "-Xmx256m", "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", clusterId, "-c", properties.toString(), "--standalone"), Map.of(), log);
        if (status != 0) {
            throw new DevException("formatting Kafka's storage failed (status " + status + "): read " + log);
        }
        formatted.setProperty("controller.port", controllerPort);
        formatted.setProperty("cluster.id", clusterId);
        try (var writer = Files.newBufferedWriter(marker)) {
            formatted.store(writer, "written by cdp dev up after kafka.tools.StorageTool format");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public boolean ready() {
        if (!Processes.portOpen(settings.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates the pipeline's topics that do not exist yet. */
    @Override
    public void afterReady(PrintWriter progress) throws IOException {
        try (Admin admin = admin()) {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : TOPICS) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, PARTITIONS, (short) 1));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                try {
                    results.get(topic.name()).get(10, TimeUnit.SECONDS);
                    progress.println("kafka: created topic " + topic.name() + " (" + PARTITIONS + " partitions)");
                } catch (ExecutionException e) {
                    // Another process (the server, auto-creation) may have created it meanwhile.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot list Kafka's topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "cdp-dev",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    @Override
    public String address() {
        return settings.kafkaBootstrap() + " (topics " + String.join(", ", TOPICS) + ")";
    }

    @Override
    public Path logFile() {
        return home.resolve("kafka.log");
    }

    @Override
    public List<Path> logFiles() {
        return List.of(logFile(), home.resolve("format.log"), home.resolve("maven.log"));
    }
}
