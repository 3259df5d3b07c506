package com.creatormarket.integrity.common.io;

import com.creatormarket.integrity.common.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where Kafka is and who we are to it: the brokers and, on a secured cluster, a Kafka client
 * properties file with the principal's credentials (SASL/SCRAM over TLS on the local cluster: the
 * file holds {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and the
 * trust store). Every consumer, producer and admin client of the project is made from one of these,
 * so a principal's credentials are the only thing that decides what it may read and write.
 *
 * <p>The file is read where the client is made (a TaskManager, the JobManager running a job's main
 * method, a tool), never shipped with the job graph: only its path travels.
 */
public record KafkaConnection(String bootstrapServers, String clientConfig) implements Serializable {

  /** Names a tool's client properties file; unset means a plaintext broker that asks nobody's name. */
  public static final String TOOL_CLIENT_CONFIG_ENV = "INTEGRITY_KAFKA_CLIENT_CONFIG";

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are empty");
    }
    clientConfig = clientConfig == null || clientConfig.isBlank() || clientConfig.equals("-") ? "" : clientConfig;
  }

  /** A job's or the review console's connection: {@code kafka.bootstrap-servers} and {@code kafka.client-config}. */
  public static KafkaConnection of(Settings settings) {
    return new KafkaConnection(settings.get(KafkaKnobs.BOOTSTRAP_SERVERS), settings.get(KafkaKnobs.CLIENT_CONFIG));
  }

  /** A command-line tool's connection: its credentials come from {@value #TOOL_CLIENT_CONFIG_ENV} (the local cluster's scripts set it). */
  public static KafkaConnection forTool(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, System.getenv(TOOL_CLIENT_CONFIG_ENV));
  }

  /** A plaintext broker without authentication (the test brokers). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, "");
  }

  /** The security settings of the client properties file (none for a plaintext broker). */
  public Map<String, String> security() {
    Map<String, String> out = new TreeMap<>();
    if (clientConfig.isEmpty()) {
      return out;
    }
    Properties file = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(clientConfig))) {
      file.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the Kafka client properties file " + clientConfig
          + " (kafka.client-config / " + TOOL_CLIENT_CONFIG_ENV + "): " + e.getMessage(), e);
    }
    file.stringPropertyNames().forEach(key -> out.put(key, file.getProperty(key)));
    return out;
  }

  /** A new client's properties: the brokers plus the security settings; callers add their own. */
  public Properties properties() {
    Properties props = new Properties();
    props.putAll(security());
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** As {@link #properties()}, for the clients that take a map (the admin client). */
  public Map<String, Object> config() {
    Map<String, Object> out = new TreeMap<>(security());
    out.put("bootstrap.servers", bootstrapServers);
    return out;
  }

  @Override
  public String toString() {
    return bootstrapServers + (clientConfig.isEmpty() ? "" : " as " + clientConfig);
  }
}
