package com.creatormarket.integrity.retention.model;

import com.creatormarket.integrity.avro.Actor;

/**
 * A watched video's current hiding, if any (absent state means visible). A Flink POJO.
 */
public class Visibility {

  /** When the current hiding began (epoch millis). */
  public long hiddenAt;
  public Actor hiddenBy;
  /** Whether the grace end of this hiding has been judged. */
  public boolean graceJudged;

  public Visibility() {}

  public static Visibility hidden(long at, Actor by) {
    Visibility v = new Visibility();
    v.hiddenAt = at;
    v.hiddenBy = by;
    return v;
  }
}
