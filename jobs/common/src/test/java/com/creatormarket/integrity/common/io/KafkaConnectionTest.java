package com.creatormarket.integrity.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatormarket.integrity.common.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

  @TempDir Path dir;

  @Test
  void aPlaintextConnectionCarriesOnlyTheBrokers() {
    KafkaConnection kafka = KafkaConnection.plaintext("127.0.0.1:9092");
    assertThat(kafka.security()).isEmpty();
    assertThat(kafka.properties()).containsOnlyKeys("bootstrap.servers");
    assertThat(new KafkaConnection("127.0.0.1:9092", "-").security()).as("'-' means none, as the knob's default").isEmpty();
  }

  @Test
  void aJobsConnectionTakesItsPrincipalFromTheClientConfigKnob() throws Exception {
    Path file = dir.resolve("enforcement.properties");
    Files.writeString(file, """
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="enforcement" password="p";
        """);
    Settings settings = Settings.from(Map.of(KafkaKnobs.BOOTSTRAP_SERVERS.key(), "127.0.0.1:29092",
        KafkaKnobs.CLIENT_CONFIG.key(), file.toString()), "test", KafkaKnobs.ALL);
    KafkaConnection kafka = KafkaConnection.of(settings);
    assertThat(kafka.properties()).containsEntry("bootstrap.servers", "127.0.0.1:29092")
        .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(kafka.config()).containsKey("sasl.jaas.config");
    assertThat(kafka.toString()).as("never the secret itself").doesNotContain("password");
  }

  @Test
  void aMissingClientConfigIsAClearErrorNamingTheKnob() {
    KafkaConnection kafka = new KafkaConnection("127.0.0.1:9092", dir.resolve("nobody.properties").toString());
    assertThatThrownBy(kafka::properties).hasMessageContaining("kafka.client-config").hasMessageContaining("nobody.properties");
  }
}
