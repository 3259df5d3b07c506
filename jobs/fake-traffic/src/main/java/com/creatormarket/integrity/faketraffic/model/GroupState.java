package com.creatormarket.integrity.faketraffic.model;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One LSH band's candidate group: the accounts of the current round, the members of the last
 * qualifying round, and the group's events per video. Bounded by {@code lockstep.max-members}
 * account hashes per round, 16 videos and 50 sample accounts. Serialized by {@link GroupStateSerializer}.
 */
@TypeInfo(GroupStateSerializer.Factory.class)
public class GroupState {
  public static final int MAX_VIDEOS = 16;
  public static final int MAX_SAMPLE = 50;
  /**
   * Room for members a new round starts with, doubled as they come: most bands of honest accounts
   * never see a second member, and there are three bands per hit.
   */
  public static final int FIRST_MEMBERS = 2;

  public long roundStart;
  public long[] members;
  /** Per member (same index), the distinct videos of its recent history when it joined: see {@code LockstepHit.activity}. */
  public int[] memberActivity;
  /** Per member (same index), the videos its sets held this round, as bits of {@link #videos}' indices (at most 16 videos). */
  public int[] memberVideos;
  public int memberCount;
  public long[] prior;
  public int priorCount;
  public int repeated;
  /** Qualifying rounds in a row whose members came back. */
  public int rounds;
  public boolean qualified;
  /** This round was reported: a qualified round on fewer than {@code lockstep.min-videos} waits until its members repeat. */
  public boolean reported;
  public boolean repeatedReported;

  /** Videos the band's hits named; events per video in earlier qualifying rounds and in this round. */
  public String[] videos;
  public int[] videoHash;
  /** Per video (same index), the hash of its creator, 0 until a hit on the video came through this band. */
  public int[] videoCreator;
  /** Members of this round whose set held the video: the group's core videos are held by most. */
  public int[] roundMembers;
  public long[] views;
  public long[] likes;
  public long[] follows;
  public long[] roundViews;
  public long[] roundLikes;
  public long[] roundFollows;
  public String[] sample;
  public int sampleCount;

  public long closeTimer;
  public long cleanupAt;

  public GroupState() {}

  public static GroupState empty() {
    GroupState g = new GroupState();
    g.members = new long[GroupState.FIRST_MEMBERS];
    g.memberActivity = new int[GroupState.FIRST_MEMBERS];
    g.memberVideos = new int[GroupState.FIRST_MEMBERS];
    g.prior = new long[0];
    g.videos = new String[0];
    g.videoHash = new int[0];
    g.videoCreator = new int[0];
    g.roundMembers = new int[0];
    g.views = new long[0];
    g.likes = new long[0];
    g.follows = new long[0];
    g.roundViews = new long[0];
    g.roundLikes = new long[0];
    g.roundFollows = new long[0];
    g.sample = new String[0];
    return g;
  }
}
