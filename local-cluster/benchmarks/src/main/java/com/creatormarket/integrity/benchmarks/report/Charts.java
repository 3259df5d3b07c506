package com.creatormarket.integrity.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Small PNG charts drawn with java.awt (headless): horizontal bars and a histogram. No external tools. */
public final class Charts {

  /** One bar; {@code note} is printed after the value (e.g. a ratio). */
  public record Bar(String label, double value, String note) {}

  /** A vertical reference line (a target) across a chart. */
  public record Line(double value, String label) {}

  private static final Color BAR = new Color(0x3b6ea5);
  private static final Color MISSING = new Color(0xbbbbbb);
  private static final Color TARGET = new Color(0xc0392b);
  private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

  private Charts() {}

  public static void bars(Path file, String title, String unit, List<Bar> bars, Line line) throws IOException {
    int labelWidth = 260;
    int width = 900;
    int rowHeight = 30;
    int top = 50;
    int height = top + bars.size() * rowHeight + 50;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(image, title);
    double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
    if (line != null) {
      max = Math.max(max, line.value());
    }
    max = max <= 0 ? 1 : max * 1.15;
    int plotWidth = width - labelWidth - 40;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * rowHeight;
      g.setColor(Color.DARK_GRAY);
      g.drawString(b.label(), 10, y + 19);
      boolean known = Double.isFinite(b.value()) && b.value() > 0;
      int w = known ? (int) Math.round(plotWidth * b.value() / max) : 4;
      g.setColor(known ? BAR : MISSING);
      g.fillRect(labelWidth, y + 5, Math.max(1, w), rowHeight - 10);
      g.setColor(Color.BLACK);
      String text = known ? Report.human(b.value()) + (b.note() == null ? "" : "  " + b.note()) : "not measured";
      g.drawString(text, labelWidth + w + 6, y + 19);
    }
    if (line != null) {
      int x = labelWidth + (int) Math.round(plotWidth * line.value() / max);
      g.setColor(TARGET);
      g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      g.drawLine(x, top - 5, x, height - 40);
      g.drawString(line.label(), Math.min(x + 4, width - 200), height - 25);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString(unit, labelWidth, height - 8);
    finish(g, image, file);
  }

  /** Histogram of values (ms) in fixed-width buckets, with marks for p50, p99 and a target. */
  public static void histogram(Path file, String title, long[] values, long p50, long p99, Line target) throws IOException {
    int width = 900;
    int height = 420;
    int left = 60;
    int bottom = height - 50;
    int top = 50;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = start(image, title);
    long max = 1;
    for (long v : values) {
      max = Math.max(max, v);
    }
    if (target != null) {
      max = Math.max(max, (long) target.value());
    }
    max = (long) (max * 1.05) + 1;
    int buckets = 60;
    int[] counts = new int[buckets];
    for (long v : values) {
      counts[(int) Math.min(buckets - 1, Math.max(0, v * buckets / max))]++;
    }
    int highest = 1;
    for (int c : counts) {
      highest = Math.max(highest, c);
    }
    int plotWidth = width - left - 30;
    int barWidth = plotWidth / buckets;
    g.setColor(BAR);
    for (int i = 0; i < buckets; i++) {
      int h = (int) Math.round((bottom - top) * (double) counts[i] / highest);
      g.fillRect(left + i * barWidth, bottom - h, Math.max(1, barWidth - 1), h);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawLine(left, bottom, left + plotWidth, bottom);
    for (int i = 0; i <= 5; i++) {
      long ms = max * i / 5;
      int x = left + (int) (plotWidth * i / 5.0);
      g.drawString(String.format("%.1f s", ms / 1000.0), x - 15, bottom + 18);
    }
    mark(g, left, plotWidth, max, p50, top, bottom, Color.BLACK, "p50 " + p50 + " ms", 0);
    mark(g, left, plotWidth, max, p99, top, bottom, Color.BLACK, "p99 " + p99 + " ms", 16);
    if (target != null) {
      mark(g, left, plotWidth, max, (long) target.value(), top, bottom, TARGET, target.label(), 32);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString("latency from input append to committed output readable; events per bucket", left, height - 10);
    finish(g, image, file);
  }

  private static void mark(Graphics2D g, int left, int plotWidth, long max, long value, int top, int bottom, Color color,
      String label, int dy) {
    int x = left + (int) Math.round(plotWidth * (double) value / max);
    g.setColor(color);
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    g.drawLine(x, top, x, bottom);
    g.setStroke(new BasicStroke(1f));
    g.drawString(label, Math.max(left, x - 170), top + 12 + dy);
  }

  private static Graphics2D start(BufferedImage image, String title) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    g.drawString(title, 10, 25);
    g.setFont(TEXT);
    return g;
  }

  private static void finish(Graphics2D g, BufferedImage image, Path file) throws IOException {
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }
}
