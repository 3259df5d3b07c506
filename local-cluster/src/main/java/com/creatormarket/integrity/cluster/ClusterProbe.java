package com.creatormarket.integrity.cluster;

/**
 * Asks the Flink REST API whether the cluster is ready. Usage: ClusterProbe URL N (exit 0 when
 * the API answers and at least N TaskManagers are registered), or ClusterProbe URL --jobs.
 */
public final class ClusterProbe {

  private ClusterProbe() {}

  public static void main(String[] args) {
    FlinkRest flink = new FlinkRest(args[0]);
    try {
      if (args.length > 1 && args[1].equals("--jobs")) {
        System.out.printf("  taskmanagers   %d registered, %d slots free%n", flink.registeredTaskManagers(), flink.availableSlots());
        for (FlinkRest.Job job : flink.jobs()) {
          System.out.printf("  job %-13s %-10s %s  restarts %s%n", job.name(), job.state(), job.id(), flink.restarts(job));
        }
        return;
      }
      int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 0;
      System.exit(flink.registeredTaskManagers() >= wanted ? 0 : 1);
    } catch (Exception e) {
      System.exit(1);
    }
  }
}
