package com.creatormarket.integrity.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for the browser tests. When it is missing and the tests run as root
 * (CI, a fresh machine) it is installed from Debian's packages first, and the test log says so;
 * otherwise the test fails with what to install. Nothing is downloaded from elsewhere.
 */
final class Chromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  static synchronized void ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("the browser test needs Debian's chromium and chromium-driver packages:"
          + " sudo apt-get install -y chromium chromium-driver");
    }
    System.out.println("browser test: installing Debian's chromium and chromium-driver (apt-get; once per machine)");
    if (apt("install", "-y", "-q", "chromium", "chromium-driver") != 0) {
      apt("update", "-q");
      if (apt("install", "-y", "-q", "chromium", "chromium-driver") != 0) {
        throw new IllegalStateException("apt-get install chromium chromium-driver failed; see the test output");
      }
    }
  }

  private static int apt(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("apt-get"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = builder.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // No background traffic: this machine's closed network refuses it, noisily.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1100", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ofMillis(500));
    return driver;
  }
}
