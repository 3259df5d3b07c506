package com.creatormarket.integrity.console;

/** Every desk test again on a real PostgreSQL server. */
class DecisionsOnPostgresITCase extends DecisionsTest {

  @Override
  protected Store openStore() throws Exception {
    return Store.open(Postgres.get().newDatabase(), "console", "");
  }
}
