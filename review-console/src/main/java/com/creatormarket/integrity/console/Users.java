package com.creatormarket.integrity.console;

import com.creatormarket.integrity.common.config.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's users, from a properties file: {@code user.NAME = ROLE:BCRYPT_HASH}. Only hashes
 * are stored; {@code review-console hash-password} makes one from a password on standard input.
 */
public final class Users {

  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder();
  // Checked against when the user is unknown, so a wrong name costs as long as a wrong password.
  private static final String NO_SUCH_USER = BCRYPT.encode("no such user");

  public record User(String name, Role role, String hash) {}

  private final Map<String, User> users;

  private Users(Map<String, User> users) {
    this.users = users;
  }

  public static Users read(Path file) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new InvalidConfigException("console.users-file: cannot read " + file + ": " + e.getMessage());
    }
    Map<String, User> users = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith("user.") || key.length() == 5) {
        throw new InvalidConfigException(file + ": key '" + key + "': expected user.NAME = ROLE:BCRYPT_HASH");
      }
      String value = props.getProperty(key).trim();
      int colon = value.indexOf(':');
      String roleText = colon < 0 ? value : value.substring(0, colon);
      Role role;
      try {
        role = Role.valueOf(roleText.trim());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(file + ": key '" + key + "': role '" + roleText + "' is not one of "
            + Arrays.toString(Role.values()));
      }
      String hash = colon < 0 ? "" : value.substring(colon + 1).trim();
      if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        throw new InvalidConfigException(file + ": key '" + key + "': expected a bcrypt hash after the role"
            + " (make one with: review-console hash-password)");
      }
      String name = key.substring(5);
      users.put(name, new User(name, role, hash));
    }
    if (users.isEmpty()) {
      throw new InvalidConfigException("console.users-file: " + file + " names no user (user.NAME = ROLE:BCRYPT_HASH)");
    }
    return new Users(users);
  }

  /** The user, when the password is theirs. */
  Optional<User> authenticate(String name, String password) {
    User user = name == null ? null : users.get(name);
    if (user == null || password == null) {
      BCRYPT.matches(password == null ? "" : password, NO_SUCH_USER);
      return Optional.empty();
    }
    return BCRYPT.matches(password, user.hash()) ? Optional.of(user) : Optional.empty();
  }

  Optional<User> byName(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public static String hash(String password) {
    return BCRYPT.encode(password);
  }
}
