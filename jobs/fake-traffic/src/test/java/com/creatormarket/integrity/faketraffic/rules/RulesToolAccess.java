package com.creatormarket.integrity.faketraffic.rules;

import java.io.PrintStream;

/** The rules tool's entry point for tests outside its package. */
public final class RulesToolAccess {
  private RulesToolAccess() {}

  public static int run(String[] args, PrintStream out) {
    return RulesTool.run(args, out, out);
  }
}
