package com.creatormarket.integrity.console;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the console's tests need from Debian's packages (Chromium, PostgreSQL): installed with
 * apt-get when missing and the tests run as root (a fresh machine, CI), said so in the test output;
 * otherwise a clear failure naming the command. Nothing is downloaded from elsewhere.
 */
final class DebianPackages {

  private DebianPackages() {}

  static synchronized void ensure(String what, BooleanSupplier present, String... packages) throws IOException, InterruptedException {
    if (present.getAsBoolean()) {
      return;
    }
    String install = "apt-get install -y " + String.join(" ", packages);
    if (!isRoot()) {
      throw new IllegalStateException(what + " needs Debian's packages: sudo " + install);
    }
    System.out.println(what + ": installing Debian's " + String.join(", ", packages) + " (apt-get; once per machine)");
    if (apt("install", packages) != 0 || !present.getAsBoolean()) {
      apt("update");
      if (apt("install", packages) != 0 || !present.getAsBoolean()) {
        throw new IllegalStateException(install + " failed; see the test output");
      }
    }
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int apt(String verb, String... packages) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("apt-get", verb, "-y", "-q"));
    command.addAll(List.of(packages));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = builder.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
