package io.faultline.compensation.grant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The approval thresholds and the gauge of grants waiting for approval. */
@Configuration(proxyBeanMethods = false)
public class ApprovalConfiguration {

    @Bean
    public ApprovalThresholds approvalThresholds(
            @Value("${faultline.compensation.approval.thresholds:}") List<String> thresholds, MeterRegistry meters,
            GrantApprovals approvals) {
        Gauge.builder("faultline.compensation.approvals.pending", approvals, GrantApprovals::pendingCount)
                .description("Resolved outages whose grant waits for a finance user's approval")
                .register(meters);
        return ApprovalThresholds.parse(thresholds);
    }
}
