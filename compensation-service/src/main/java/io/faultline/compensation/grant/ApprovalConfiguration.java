package io.faultline.compensation.grant;

import io.faultline.compensation.outbox.RelayLeadership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The approval thresholds and the gauge of grants waiting for approval. */
@Configuration(proxyBeanMethods = false)
public class ApprovalConfiguration {

    /** The advisory lock key of the approved-grants runner ("FAULTAPR" in ASCII), the same in every instance. */
    static final long APPROVED_GRANTS_LOCK_KEY = 0x4641554C54415052L;

    @Bean
    public ApprovalThresholds approvalThresholds(
            @Value("${faultline.compensation.approval.thresholds:}") List<String> thresholds, MeterRegistry meters,
            GrantApprovals approvals) {
        Gauge.builder("faultline.compensation.approvals.pending", approvals, GrantApprovals::pendingCount)
                .description("Resolved outages whose grant waits for a finance user's approval")
                .register(meters);
        return ApprovalThresholds.parse(thresholds);
    }

    /** Which instance carries out approved grants: a lock of its own, so that it does not depend on the relay's. */
    @Bean
    public RelayLeadership approvedGrantsLeadership(DataSource dataSource) {
        return new RelayLeadership(dataSource, APPROVED_GRANTS_LOCK_KEY);
    }
}
