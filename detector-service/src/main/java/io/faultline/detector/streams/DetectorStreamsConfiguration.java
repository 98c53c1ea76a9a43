package io.faultline.detector.streams;

import io.faultline.platform.kafka.FaultlineKafkaAutoConfiguration;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.complaints.SurgeTestKind;
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
                                      @Value("${faultline.detector.clear-hold-down:2m}") Duration holdDown,
                                      @Value("${faultline.detector.reopen-window:30m}") Duration reopenWindow,
                                      @Value("${faultline.detector.alarm-grace:10m}") Duration alarmGrace,
                                      @Value("${faultline.detector.correlation-window:20s}") Duration correlation,
                                      @Value("${faultline.detector.history-retention:2d}") Duration history,
                                      SurgeSettings surge) {
        return new DetectorSettings(kafka.ceSource(), dedupe, holdDown, reopenWindow, alarmGrace,
                new ManagerSettings(correlation, reopenWindow, history), surge, false);
    }

    @Bean
    SurgeSettings surgeSettings(
            @Value("${faultline.detector.surge.test:NEGATIVE_BINOMIAL}") SurgeTestKind test,
            @Value("${faultline.detector.surge.prior-per-bucket:1.0}") double prior,
            @Value("${faultline.detector.surge.prior-weight:1.0}") double priorWeight) {
        return SurgeSettings.defaults().withTest(test).withPrior(prior, priorWeight);
    }

    @Bean
    Object detectorTopology(StreamsBuilder builder, DetectorSettings settings, DetectorMetrics metrics) {
        DetectorTopology.build(builder, settings, metrics);
        return DetectorTopology.class;
    }

    @Bean
    NewTopic nocCommandsTopic(FaultlineKafkaProperties kafka) {
        return new NewTopic(DetectorTopology.NOC_COMMANDS_TOPIC, 1, kafka.replicationFactor());
    }

    @Bean
    NewTopic validatedTopologyTopic(FaultlineKafkaProperties kafka) {
        return FaultlineKafkaAutoConfiguration.topic(DetectorTopology.VALIDATED_TOPOLOGY_TOPIC, kafka, true);
    }
}
