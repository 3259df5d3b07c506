package com.creatormarket.integrity.console;

/** Every store test again on a real PostgreSQL server: the SQL and the migrations hold on both databases. */
class ReviewStoreOnPostgresITCase extends ReviewStoreTest {

  @Override
  protected Store openStore() throws Exception {
    return Store.open(Postgres.get().newDatabase(), "console", "");
  }
}
