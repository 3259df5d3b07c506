package com.creatormarket.integrity.faketraffic.model;

import com.creatormarket.integrity.avro.EngagementKind;

/** Engagement kinds as small numbers, for compact state and partials. */
public final class Kinds {

  private Kinds() {}

  public static final byte VIEW = 0;
  public static final byte LIKE = 1;
  public static final byte UNLIKE = 2;
  public static final byte FOLLOW = 3;
  public static final byte UNFOLLOW = 4;
  public static final byte OTHER = 5;

  public static byte of(EngagementKind kind) {
    return switch (kind) {
      case VIEW -> VIEW;
      case LIKE -> LIKE;
      case UNLIKE -> UNLIKE;
      case FOLLOW -> FOLLOW;
      case UNFOLLOW -> UNFOLLOW;
      default -> OTHER;
    };
  }
}
