package com.creatormarket.integrity.cluster;

import java.nio.file.Path;
import java.util.List;

/** The three jobs of the pipeline as deployed on the session cluster: jar, entry class, config file. */
public final class PipelineJobs {

  private PipelineJobs() {}

  /** One deployable job. */
  public record Deployable(String name, String module, String entryClass) {
    public Path jar(Path repoRoot) {
      return repoRoot.resolve("jobs").resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-job.jar");
    }

    public Path config(Path repoRoot) {
      return repoRoot.resolve("local-cluster").resolve("conf").resolve("jobs").resolve(name + ".properties");
    }
  }

  // Upstream first: enforcement consumes what the other two emit.
  public static final List<Deployable> ALL = List.of(
      new Deployable("retention", "retention", "com.creatormarket.integrity.retention.RetentionJob"),
      new Deployable("fake-traffic", "fake-traffic", "com.creatormarket.integrity.faketraffic.FakeTrafficJob"),
      new Deployable("enforcement", "enforcement", "com.creatormarket.integrity.enforcement.EnforcementJob"));
}
