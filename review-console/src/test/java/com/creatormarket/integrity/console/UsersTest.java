package com.creatormarket.integrity.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {

  @TempDir
  Path dir;

  private Path file(String text) throws Exception {
    Path f = dir.resolve("users.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void aUserLogsInWithTheirPasswordOnly() throws Exception {
    Users users = Users.read(file("user.rita = REVIEWER:" + Users.hash("s3cret-rita") + "\n"));
    assertThat(users.authenticate("rita", "s3cret-rita")).map(Users.User::role).contains(Role.REVIEWER);
    assertThat(users.authenticate("rita", "wrong")).isEmpty();
    assertThat(users.authenticate("nobody", "s3cret-rita")).isEmpty();
  }

  @Test
  void anUnknownRoleStopsStartUpNamingTheKeyAndTheRoles() throws Exception {
    Path f = file("user.rita = ADMIN:" + Users.hash("x") + "\n");
    assertThatThrownBy(() -> Users.read(f)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("user.rita").hasMessageContaining("ADMIN")
        .hasMessageContaining("[REVIEWER, SENIOR_REVIEWER, ENGINEER]");
  }

  @Test
  void aPlainPasswordInsteadOfAHashStopsStartUp() throws Exception {
    Path f = file("user.rita = REVIEWER:hunter2\n");
    assertThatThrownBy(() -> Users.read(f)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("user.rita").hasMessageContaining("bcrypt");
  }
}
