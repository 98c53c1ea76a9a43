package io.faultline.detector.streams;

import io.faultline.platform.kafka.FaultlineKafkaAutoConfiguration;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import io.faultline.detector.detection.ManagerSettings;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/** Runs {@link DetectorTopology} on the broker with exactly-once processing. */
@Configuration
@EnableKafkaStreams
public class DetectorStreamsConfiguration {

    @Bean
    DetectorSettings detectorSettings(FaultlineKafkaProperties kafka,
                                      @Value("${faultline.detector.alarm-dedupe-retention:7d}") Duration dedupe,
                                      @Value("${faultline.detector.complaint-grace:10m}") Duration grace,
                                      @Value("${faultline.detector.clear-hold-down:2m}") Duration holdDown,
                                      @Value("${faultline.detector.reopen-window:30m}") Duration reopenWindow,
                                      @Value("${faultline.detector.alarm-grace:10m}") Duration alarmGrace,
                                      @Value("${faultline.detector.correlation-window:20s}") Duration correlation,
                                      @Value("${faultline.detector.history-retention:2d}") Duration history) {
        return new DetectorSettings(kafka.ceSource(), dedupe, grace, holdDown, reopenWindow, alarmGrace,
                new ManagerSettings(correlation, reopenWindow, history));
    }

    @Bean
    Object detectorTopology(StreamsBuilder builder, DetectorSettings settings, DetectorMetrics metrics) {
        DetectorTopology.build(builder, settings, metrics);
        return DetectorTopology.class;
    }

    @Bean
    NewTopic nocCommandsTopic(FaultlineKafkaProperties kafka) {
        return FaultlineKafkaAutoConfiguration.topic(DetectorTopology.NOC_COMMANDS_TOPIC, kafka, false);
    }

    @Bean
    NewTopic validatedTopologyTopic(FaultlineKafkaProperties kafka) {
        return FaultlineKafkaAutoConfiguration.topic(DetectorTopology.VALIDATED_TOPOLOGY_TOPIC, kafka, true);
    }
}
