package io.faultline.platform.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * For services that run Kafka Streams: a {@code kafkaStreams} health indicator (UP while RUNNING or
 * REBALANCING; include it in the readiness group) and a failed stream thread replaced rather than left dead.
 */
@AutoConfiguration
@ConditionalOnBean(StreamsBuilderFactoryBean.class)
public class FaultlineStreamsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FaultlineStreamsAutoConfiguration.class);

    @Bean
    StreamsBuilderFactoryBeanConfigurer replaceFailedStreamThreads() {
        return factory -> factory.setStreamsUncaughtExceptionHandler(error -> {
            log.error("Stream thread failed, replacing it: {}", error.toString(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    @Bean
    HealthIndicator kafkaStreams(StreamsBuilderFactoryBean factory) {
        return () -> {
            KafkaStreams streams = factory.getKafkaStreams();
            KafkaStreams.State state = streams == null ? null : streams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return (up ? Health.up() : Health.down()).withDetail("state", String.valueOf(state)).build();
        };
    }
}
