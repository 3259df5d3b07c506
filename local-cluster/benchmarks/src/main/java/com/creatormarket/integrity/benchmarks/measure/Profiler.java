package com.creatormarket.integrity.benchmarks.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR on the TaskManagers for the length of one run ({@code jcmd JFR.start/stop}, profile
 * settings: a Java stack sample every 10-20 ms per running thread), and a summary of the
 * recordings: CPU samples per operator thread, the methods on top of the stacks (self), and the
 * methods most samples pass through (inclusive). Only Java frames: time inside RocksDB's C++ code
 * shows as the JNI method that called it.
 */
public final class Profiler {

  /** What the samples of one run say; shares are of all Java samples of the run. */
  public record Summary(long samples, Map<String, Long> byThread, Map<String, Long> self, Map<String, Long> inclusive) {}

  /** Subtask and attempt suffixes, e.g. " (1/2)#0", and thread numbers: one entry per operator chain. */
  private static final Pattern THREAD_SUFFIX = Pattern.compile("( \\(\\d+/\\d+\\)#\\d+$)|(-\\d+$)");
  private static final int TOP = 20;

  private final Path java;
  private final List<Long> pids;
  private final Path dir;
  private String recording;

  public Profiler(Path javaHome, List<Long> taskManagerPids, Path dir) {
    this.java = javaHome;
    this.pids = taskManagerPids;
    this.dir = dir;
  }

  /** Starts a recording named after the run on every TaskManager. */
  public void start(String run) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    recording = fileName(run);
    for (int i = 0; i < pids.size(); i++) {
      jcmd(pids.get(i), "JFR.start", "name=" + recording, "settings=profile",
          "filename=" + dir.resolve(recording + "-tm" + (i + 1) + ".jfr"));
    }
  }

  /** Stops the recording (JFR writes the files) and returns them. */
  public List<Path> stop() throws IOException, InterruptedException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < pids.size(); i++) {
      jcmd(pids.get(i), "JFR.stop", "name=" + recording);
      Path f = dir.resolve(recording + "-tm" + (i + 1) + ".jfr");
      if (Files.isRegularFile(f)) {
        files.add(f);
      }
    }
    return files;
  }

  public static Summary summarize(List<Path> recordings) throws IOException {
    Map<String, Long> byThread = new HashMap<>();
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    long samples = 0;
    for (Path f : recordings) {
      try (RecordingFile file = new RecordingFile(f)) {
        while (file.hasMoreEvents()) {
          RecordedEvent e = file.readEvent();
          if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
            continue;
          }
          samples++;
          String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
          byThread.merge(operator(thread), 1L, Long::sum);
          List<RecordedFrame> frames = e.getStackTrace().getFrames();
          if (frames.isEmpty()) {
            continue;
          }
          self.merge(method(frames.get(0)), 1L, Long::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame frame : frames) {
            String m = method(frame);
            if (seen.add(m)) {
              inclusive.merge(m, 1L, Long::sum);
            }
          }
        }
      }
    }
    // Frames nearly every sample passes through (Thread.run, the task's mailbox loop) say nothing.
    long everywhere = Math.round(samples * 0.5);
    inclusive.values().removeIf(v -> v > everywhere);
    return new Summary(samples, top(byThread, TOP), top(self, TOP), top(inclusive, TOP));
  }

  static String operator(String thread) {
    return THREAD_SUFFIX.matcher(thread).replaceAll("");
  }

  private static String method(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static Map<String, Long> top(Map<String, Long> counts, int n) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(n)
        .forEach(en -> out.put(en.getKey(), en.getValue()));
    return out;
  }

  static String fileName(String run) {
    return run.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  private void jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java.resolve("bin/jcmd").toString(), Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " on " + pid + " failed: " + output.strip());
    }
  }
}
