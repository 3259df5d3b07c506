package com.creatormarket.integrity.faketraffic.model;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a video keeps of the lockstep groups found on it: the largest group, its repeats and
 * rounds (what the lockstep signal reads), the views, likes and follows the groups reported so far
 * (each finding reports its round's running totals, so only the growth is new), and a sample of
 * the accounts of groups large enough to count ({@code lockstep.min-group}), for a case's suspects.
 */
public final class LockstepOnVideo {

  /** Accounts kept per video for a case's suspects. */
  static final int KEPT_SAMPLE = 20;

  /** What one finding adds: its newly reported views, likes and follows, and whether the group is large enough to count. */
  public record Reported(long views, long likes, long follows, boolean countsAsGroup) {}

  private final int minGroup;

  public LockstepOnVideo(int minGroup) {
    this.minGroup = minGroup;
  }

  /**
   * Takes in a finding; returns what it newly reports. {@code windowViews}: the video's views in the
   * signal window as the finding is judged (its round's included), for how material the group is: the round's accounts on the video against them.
   */
  public Reported absorb(VideoState st, LockstepFinding f, long windowViews) {
    if (f.roundAccounts > 0) {
      st.lockShare = Math.max(st.lockShare, (double) f.roundAccounts / Math.max(f.roundAccounts, windowViews));
    }
    st.lockSize = Math.max(st.lockSize, f.groupSize);
    st.lockWeightedSize = Math.max(st.lockWeightedSize, f.weightedSize);
    st.lockRepeated = Math.max(st.lockRepeated, f.repeatedAccounts);
    st.lockRounds = Math.max(st.lockRounds, f.rounds);
    st.lockWindow = f.windowMillis;
    long dViews = Math.max(0, f.views - st.lockViews);
    long dLikes = Math.max(0, f.likes - st.lockLikes);
    long dFollows = Math.max(0, f.follows - st.lockFollows);
    st.lockViews += dViews;
    st.lockLikes += dLikes;
    st.lockFollows += dFollows;
    boolean group = f.weightedSize >= minGroup;
    if (group) {
      st.lockExpected = f.expectedByChance;
      Set<String> sample = new LinkedHashSet<>(Arrays.asList(st.lockSample));
      for (String a : f.sampleAccounts) {
        if (sample.size() >= KEPT_SAMPLE) {
          break;
        }
        sample.add(a);
      }
      st.lockSample = sample.toArray(new String[0]);
    }
    return new Reported(dViews, dLikes, dFollows, group);
  }

  /** Copies the group last found into the figures the signals read. */
  public static void fill(VideoState st, VideoWindow w) {
    w.lockstepGroupSize = st.lockSize;
    w.lockstepWeightedSize = st.lockWeightedSize;
    w.lockstepRepeated = st.lockRepeated;
    w.lockstepRounds = st.lockRounds;
    w.lockstepWindowMillis = st.lockWindow;
    w.lockstepShare = st.lockShare;
    w.lockstepExpected = st.lockExpected;
  }
}
