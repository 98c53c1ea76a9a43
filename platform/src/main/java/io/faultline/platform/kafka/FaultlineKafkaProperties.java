package io.faultline.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka settings shared by all services ({@code faultline.kafka.*}).
 *
 * @param partitions        partitions of topics this service creates when they are missing
 * @param replicationFactor replication factor of those topics
 * @param retryAttempts     retries of a failing record before it goes to its dead-letter topic
 * @param retryInterval     pause between retries
 * @param ceSource          CloudEvents source of events this service publishes
 */
@ConfigurationProperties("faultline.kafka")
public record FaultlineKafkaProperties(Integer partitions, Short replicationFactor, Integer retryAttempts,
                                       Duration retryInterval, String ceSource) {

    public FaultlineKafkaProperties {
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        retryAttempts = retryAttempts == null ? 3 : retryAttempts;
        retryInterval = retryInterval == null ? Duration.ofMillis(500) : retryInterval;
        ceSource = ceSource == null ? "/faultline" : ceSource;
    }
}
