package com.creatormarket.integrity.faketraffic.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Order labels from a simulator run's ground truth (ground-truth.json, or the demo's truth.json):
 * each attacked order's attack kind, each honest order "honest", a viral video's order "honest-viral".
 * Read as plain JSON: the job's tools do not depend on the simulator.
 */
final class TruthLabels {

  private TruthLabels() {}

  static Map<String, String> read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    Map<String, String> kinds = new HashMap<>();
    for (JsonNode o : root.path("honestOrders")) {
      kinds.put(o.asText(), "honest");
    }
    for (JsonNode v : root.path("viralVideos")) {
      kinds.put(v.path("orderId").asText(), "honest-viral");
    }
    for (JsonNode a : root.path("attackedOrders")) {
      kinds.put(a.path("orderId").asText(), a.path("kind").asText());
    }
    if (kinds.isEmpty()) {
      throw new IOException(file + " has no attackedOrders, honestOrders or viralVideos: not a simulator's ground truth");
    }
    return kinds;
  }
}
