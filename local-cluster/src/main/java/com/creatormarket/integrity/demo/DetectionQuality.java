package com.creatormarket.integrity.demo;

import com.creatormarket.integrity.avro.FlaggedCase;
import com.creatormarket.integrity.avro.ResponseLevel;
import com.creatormarket.integrity.simulator.truth.GroundTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scores flagged cases against the simulator's truth. An order counts as flagged once any version
 * of its case reached REVIEW or ENFORCE. Per attack kind: recall over the orders that kind hit;
 * precision as if that kind's attacks and all honest orders were the whole population (a flag does
 * not say which kind it suspects). Honest viral orders are also shown on their own line.
 */
public final class DetectionQuality {

  private DetectionQuality() {}

  public static List<DemoSummary.QualityRow> rows(Path truthFile, List<FlaggedCase> cases) {
    GroundTruth truth;
    try {
      truth = GroundTruth.read(truthFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the scenario's truth " + truthFile, e);
    }
    return rows(truth, cases);
  }

  public static List<DemoSummary.QualityRow> rows(GroundTruth truth, List<FlaggedCase> cases) {
    Set<String> flagged = cases.stream()
        .filter(c -> c.getLevel() == ResponseLevel.REVIEW || c.getLevel() == ResponseLevel.ENFORCE)
        .map(FlaggedCase::getOrderId).collect(Collectors.toSet());
    Set<String> honest = new HashSet<>(truth.honestOrders());
    Set<String> viral = truth.viralVideos().stream().map(GroundTruth.ViralVideo::orderId).collect(Collectors.toSet());
    int falsePositives = (int) honest.stream().filter(flagged::contains).count();
    Map<String, Set<String>> byKind = new TreeMap<>();
    truth.attackedOrders().forEach(a -> byKind.computeIfAbsent(a.kind(), k -> new HashSet<>()).add(a.orderId()));
    List<DemoSummary.QualityRow> rows = new ArrayList<>();
    byKind.forEach((kind, orders) -> {
      int detected = (int) orders.stream().filter(flagged::contains).count();
      rows.add(new DemoSummary.QualityRow(kind, orders.size(), detected, falsePositives,
          detected + falsePositives == 0 ? Double.NaN : detected / (double) (detected + falsePositives),
          detected / (double) orders.size()));
    });
    int viralFlagged = (int) viral.stream().filter(flagged::contains).count();
    // For honest lines, "recall" reads as the false-positive rate: flagged share of honest orders.
    rows.add(new DemoSummary.QualityRow("honest (all)", honest.size(), falsePositives, falsePositives, Double.NaN,
        honest.isEmpty() ? Double.NaN : falsePositives / (double) honest.size()));
    rows.add(new DemoSummary.QualityRow("honest viral", viral.size(), viralFlagged, viralFlagged, Double.NaN,
        viral.isEmpty() ? Double.NaN : viralFlagged / (double) viral.size()));
    return rows;
  }
}
