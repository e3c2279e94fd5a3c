package io.cdp.server.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where migration scripts are read from: the ones built into the cdp jar (the default; the
 * build copies {@code migrations/} and {@code clickhouse/} there), or the folders of a
 * checkout ({@code --scripts DIR}, e.g. {@code $CDP_HOME}).
 *
 * <pre>{@code
 * ScriptSource.builtIn().scripts(MigrationTarget.CLICKHOUSE);        // from db/clickhouse in the jar
 * ScriptSource.directory(Path.of("/repo")).scripts(MigrationTarget.POSTGRES); // /repo/migrations
 * }</pre>
 */
public final class ScriptSource {
    private final Path root;

    private ScriptSource(Path root) {
        this.root = root;
    }

    /** The scripts packaged on the class path. */
    public static ScriptSource builtIn() {
        return new ScriptSource(null);
    }

    /** The scripts in {@code root/migrations} and {@code root/clickhouse}. */
    public static ScriptSource directory(Path root) {
        return new ScriptSource(root.toAbsolutePath().normalize());
    }

    /** The directory of a target's scripts, when they come from a directory. */
    public Optional<Path> folder(MigrationTarget target) {
        return root == null ? Optional.empty() : Optional.of(root.resolve(target.details().folder()));
    }

    /** For messages: "migrations/ built into cdp" or the folder's path. */
    public String describe(MigrationTarget target) {
        return folder(target).map(Path::toString).orElse(target.details().folder() + "/ built into cdp");
    }

    /** The location string Flyway understands for a target's scripts. */
    public String flywayLocation(MigrationTarget target) {
        return folder(target).map(path -> "filesystem:" + path).orElse("classpath:" + target.details().resourcePath());
    }

    /** Every V and U script of a target, sorted by version then kind; other files are ignored. */
    public List<MigrationScript> scripts(MigrationTarget target) {
        List<MigrationScript> scripts = new ArrayList<>();
        try {
            if (root != null) {
                readFolder(root.resolve(target.details().folder()), scripts);
            } else {
                Enumeration<URL> folders = ScriptSource.class.getClassLoader().getResources(target.details().resourcePath());
                while (folders.hasMoreElements()) {
                    readResourceFolder(folders.nextElement(), scripts);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration scripts of " + describe(target), e);
        }
        scripts.sort(Comparator.comparingInt(MigrationScript::version).thenComparing(MigrationScript::kind)
                .thenComparing(MigrationScript::fileName));
        return distinct(target, scripts);
    }

    /**
     * Drops the same file seen twice (a resource folder on the class path more than once) and
     * refuses two different files for one version: which one to run would be a guess.
     */
    private List<MigrationScript> distinct(MigrationTarget target, List<MigrationScript> sorted) {
        List<MigrationScript> distinct = new ArrayList<>();
        for (MigrationScript script : sorted) {
            MigrationScript previous = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
            if (previous != null && previous.kind() == script.kind() && previous.version() == script.version()) {
                if (previous.fileName().equals(script.fileName())) {
                    continue;
                }
                throw new MigrationException("two scripts for one version in " + describe(target) + ": "
                        + previous.fileName() + " and " + script.fileName() + ". Renumber one of them.", null);
            }
            distinct.add(script);
        }
        return distinct;
    }

    private static void readResourceFolder(URL url, List<MigrationScript> scripts) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
        if (!"jar".equals(uri.getScheme())) {
            readFolder(Path.of(uri), scripts);
            return;
        }
        FileSystem jar;
        boolean opened = false;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
        }
        try {
            readFolder(jar.provider().getPath(uri), scripts);
        } finally {
            if (opened) {
                jar.close();
            }
        }
    }

    private static void readFolder(Path folder, List<MigrationScript> scripts) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                MigrationScript.of(name, "").ifPresent(ignored -> scripts.add(read(file, name)));
            }
        }
    }

    private static MigrationScript read(Path file, String name) {
        try {
            return MigrationScript.of(name, Files.readString(file, StandardCharsets.UTF_8)).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
