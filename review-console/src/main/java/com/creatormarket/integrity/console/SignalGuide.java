package com.creatormarket.integrity.console;

import java.util.Map;

/** A reviewer's reading of each fake-traffic signal (the job README's signal table, in plain words). */
public final class SignalGuide {

  private SignalGuide() {}

  private static final Map<String, String> PLAIN = Map.ofEntries(
      Map.entry("velocity-burst", "Views came far faster than this video's own usual rate, without the likes an honest viral"
          + " burst brings: the shape of bought bot views."),
      Map.entry("watch-time-shape", "Too many views watched nothing (0-2 s) or exactly the whole video, or many views stopped"
          + " at one exact second: scripts, not people."),
      Map.entry("engagement-ratio", "Likes or follows came from accounts that never viewed the video, or far more of them per"
          + " view than this creator's audience gives: bought likes or follows."),
      Map.entry("device-concentration", "A large share of the traffic came from a few phones, or from phones shared by many"
          + " accounts, beyond what this marketplace usually shows: a click farm."),
      Map.entry("prefix-concentration", "A large share of the traffic came from a few network prefixes: a farm on few networks."),
      Map.entry("fresh-accounts", "More of the traffic than usual came from accounts created days ago: bought or bot accounts."),
      Map.entry("repeat-engagement", "Accounts viewed the video again and again within a short time: farms behind proxies."),
      Map.entry("lockstep-group", "A group of accounts that watch little else hit the same set of videos together, more than"
          + " chance explains: a coordinated group."),
      Map.entry("sustained-lift", "Over many hours the share of fresh accounts stayed above the marketplace's usual share:"
          + " a slow drip of bought traffic."),
      Map.entry("follow-withdrawal", "Many follows were withdrawn soon after they were made: follows bought for the campaign."));

  public static String explain(String signal) {
    return PLAIN.getOrDefault(signal, "See the fake-traffic job's README for this signal.");
  }
}
