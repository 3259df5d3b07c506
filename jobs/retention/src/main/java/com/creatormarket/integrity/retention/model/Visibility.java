package com.creatormarket.integrity.retention.model;

import com.creatormarket.integrity.avro.Actor;

/**
 * A watched video's current hiding, if any (absent state means visible). A Flink POJO: a field
 * added later is null (or zero) in state kept before it, and Flink migrates such state on restore.
 */
public class Visibility {

  /** When the current hiding began (epoch millis). */
  public long hiddenAt;
  public Actor hiddenBy;
  /** Whether the grace end of this hiding has been judged. */
  public boolean graceJudged;
  /** The reason the hiding event stated; null when it stated none, or the hiding began before reasons were kept. */
  public String reason;

  public Visibility() {}

  public static Visibility hidden(long at, Actor by, String reason) {
    Visibility v = new Visibility();
    v.hiddenAt = at;
    v.hiddenBy = by;
    v.reason = reason;
    return v;
  }
}
