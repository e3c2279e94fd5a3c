package io.cdp.cli.dev.stack;

import io.cdp.cli.dev.process.DevException;
import io.cdp.cli.dev.process.Processes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis from the operating system's packages, daemonized with a pid file, without persistence
 * (dedup keys and rate-limit counters are short-lived; losing them on restart is fine locally).
 */
public final class RedisService extends PidFileService {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"));

    /** A PING needs no RESP3 negotiation (which a single Jedis connection warns about). */
    private static final JedisClientConfig PROBE_CONFIG = DefaultJedisClientConfig.builder()
            .timeoutMillis(1000).protocol(RedisProtocol.RESP2).build();

    public RedisService(DevSettings settings) {
        super(settings, "redis", "redis-server", new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(10)));
    }

    @Override
    public List<String> missingPackages() {
        return binary().isPresent() ? List.of() : List.of("redis-server");
    }

    private static Optional<Path> binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst();
    }

    @Override
    public List<Port> ports() {
        return List.of(new Port(settings.redisPort(), DevSettings.REDIS_PORT));
    }

    @Override
    public void start(PrintWriter progress) throws IOException {
        Path binary = binary().orElseThrow(() -> new DevException(
                "Redis is not installed: apt-get install -y redis-server"));
        Files.createDirectories(home);
        int status = Processes.run(List.of(binary.toString(),
                "--port", String.valueOf(settings.redisPort()),
                "--bind", DevSettings.HOST,
                "--daemonize", "yes",
                "--pidfile", pidFile().toString(),
                "--logfile", logFile().toString(),
                "--dir", home.toString(),
                "--save", "",
                "--appendonly", "no"), Map.of(), logFile());
        if (status != 0) {
            throw new DevException("redis-server failed to start (status " + status + "): read " + logFile());
        }
    }

    @Override
    public boolean ready() {
        try (Jedis jedis = new Jedis(DevSettings.HOST, settings.redisPort(), PROBE_CONFIG)) {
            return "PONG".equals(jedis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    @Override
    public String address() {
        return "redis://" + DevSettings.HOST + ":" + settings.redisPort();
    }

    @Override
    public Path logFile() {
        return home.resolve("redis.log");
    }
}
