package com.creatormarket.integrity.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for the store's tests, from Debian's package (installed when
 * missing: {@link DebianPackages}): a fresh cluster in a temporary folder on a free port, stopped at
 * the end. Each test gets a database of its own.
 */
final class Postgres {

  private static Postgres running;

  private final Path bin;
  private final Path data;
  private final int port;

  private Postgres(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  static synchronized Postgres get() throws Exception {
    if (running == null) {
      running = start();
      Runtime.getRuntime().addShutdownHook(new Thread(running::stop));
    }
    return running;
  }

  /** A new empty database; its JDBC URL. */
  String newDatabase() throws SQLException {
    String name = "store_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(url("postgres"), "console", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static Postgres start() throws Exception {
    DebianPackages.ensure("store tests", () -> findBin() != null, "postgresql");
    Path bin = findBin();
    Path data = Files.createTempDirectory("review-console-pg");
    boolean root = DebianPackages.isRoot();
    if (root) {
      // PostgreSQL refuses to run as root: the server runs as the package's postgres user.
      run(List.of("chown", "-R", "postgres:postgres", data.toString()));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-A", "trust",
        "-U", "console", "--no-sync")));
    run(asServerUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w",
        "-l", data.resolve("server.log").toString(), "-o",
        "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "start")));
    return new Postgres(bin, data, port);
  }

  private void stop() {
    try {
      run(asServerUser(DebianPackages.isRoot(),
          List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m", "immediate", "stop")));
    } catch (Exception e) {
      System.err.println("could not stop the test PostgreSQL in " + data + ": " + e);
    }
  }

  private static List<String> asServerUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static Path findBin() {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Path::compareTo).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
