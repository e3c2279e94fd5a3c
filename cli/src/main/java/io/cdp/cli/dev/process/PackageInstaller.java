package io.cdp.cli.dev.process;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Installs missing Debian packages with apt-get, showing its progress. Runs {@code apt-get update}
 * first on a machine that never fetched package lists (a fresh container), or when an install
 * fails because the lists are stale.
 */
public final class PackageInstaller {
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");
    private static final Path APT_LISTS = Path.of("/var/lib/apt/lists");
    private static final Map<String, String> NON_INTERACTIVE = Map.of("DEBIAN_FRONTEND", "noninteractive");

    public void install(List<String> packages, PrintWriter out) throws IOException {
        if (packages.isEmpty()) {
            return;
        }
        String list = String.join(" ", packages);
        if (!Processes.runningAsRoot()) {
            throw new DevException("missing packages: " + list + ". Install them (sudo apt-get install -y " + list
                    + ") and run this command again.");
        }
        if (!Files.isExecutable(APT_GET)) {
            throw new DevException("missing packages: " + list + ", and apt-get is not here to install them: "
                    + "install PostgreSQL, Redis, ClickHouse and Maven with this system's package manager.");
        }
        out.println("installing " + list + " with apt-get...");
        boolean updated = false;
        if (!hasPackageLists()) {
            update(out);
            updated = true;
        }
        List<String> command = new ArrayList<>(List.of(APT_GET.toString(), "install", "-y", "--no-install-recommends"));
        command.addAll(packages);
        int status = Processes.run(command, NON_INTERACTIVE, null, line -> echo(out, line));
        if (status != 0 && !updated) {
            update(out);
            status = Processes.run(command, NON_INTERACTIVE, null, line -> echo(out, line));
        }
        if (status != 0) {
            throw new DevException("apt-get install " + list + " failed (status " + status + "); its output is above.");
        }
    }

    private static void update(PrintWriter out) throws IOException {
        int status = Processes.run(List.of(APT_GET.toString(), "update"), NON_INTERACTIVE, null, line -> echo(out, line));
        if (status != 0) {
            throw new DevException("apt-get update failed (status " + status + "); its output is above.");
        }
    }

    private static void echo(PrintWriter out, String line) {
        out.println("  " + line);
        out.flush();
    }

    private static boolean hasPackageLists() {
        if (!Files.isDirectory(APT_LISTS)) {
            return false;
        }
        try (Stream<Path> files = Files.list(APT_LISTS)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith("_Packages")
                    || file.getFileName().toString().contains("_Packages."));
        } catch (IOException e) {
            return false;
        }
    }
}
