package io.faultline.compensation.config;

import io.faultline.compensation.policy.ProRataChargePolicy;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Maps {@link CompensationPolicyProperties} to the domain {@link ProRataChargePolicy}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CompensationPolicyProperties.class)
public class PolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

    @Bean
    public ProRataChargePolicy compensationPolicy(CompensationPolicyProperties p) {
        ProRataChargePolicy policy = ProRataChargePolicy.builder(p.id(), p.version())
                .planTypes(p.planTypes())
                .brands(p.brands())
                .components(p.components())
                .days(p.days())
                .dayCount(p.dayCount())
                .rounding(p.rounding())
                .reasonCode(p.reasonCode())
                .taxIncluded(p.taxIncluded())
                .zone(ZoneId.of(p.zone()))
                .build();
        log.info("Compensation policy {}", policy);
        return policy;
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
