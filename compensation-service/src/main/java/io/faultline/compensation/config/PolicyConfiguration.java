package io.faultline.compensation.config;

import io.faultline.compensation.policy.Adjustments;
import io.faultline.compensation.policy.CompensationPolicy;
import io.faultline.compensation.policy.Grant;
import io.faultline.compensation.policy.LineCriteria;
import io.faultline.compensation.policy.OutageCriteria;
import io.faultline.compensation.policy.PolicyBook;
import io.faultline.compensation.policy.PolicyParser;
import io.faultline.compensation.policy.Rule;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The policies in force: the policy files named by {@code faultline.compensation.policy-files} (comma-separated
 * resource patterns, e.g. {@code classpath:policies/*.yaml,file:/etc/faultline/policies/*.yaml}), or, when none is
 * named, the single pro-rata rule of {@link CompensationPolicyProperties}. A file that does not load stops the
 * service with the file, line and field at fault.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CompensationPolicyProperties.class)
public class PolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

    @Bean
    public PolicyBook policyBook(CompensationPolicyProperties properties,
                                 @Value("${faultline.compensation.policy-files:}") String policyFiles) {
        List<CompensationPolicy> policies = policyFiles.isBlank() ? List.of(configuredPolicy(properties))
                : load(policyFiles);
        PolicyBook book = new PolicyBook(policies, PolicyBook.Stacking.ALL);
        for (CompensationPolicy policy : policies) {
            log.info("Compensation policy {} from {}: {} ({} rules, outages from {} to {})", policy.key(),
                    policy.source(), policy.title(), policy.rules().size(), policy.effectiveFrom(),
                    policy.effectiveUntil() == null ? "open" : policy.effectiveUntil());
        }
        return book;
    }

    /** The single pro-rata rule of the properties, as a policy of the policy language, in force for any outage. */
    static CompensationPolicy configuredPolicy(CompensationPolicyProperties p) {
        LineCriteria lines = new LineCriteria(Set.of(), p.brands(), p.planTypes(), Set.of(), Set.of(), Set.of(), null);
        Rule proRata = new Rule("pro-rata", LineCriteria.ANY,
                new Grant.ProRata(p.components(), p.days(), Grant.PartialDay.UP, p.dayCount()), Map.of());
        return new CompensationPolicy(p.id(), p.version(), "pro-rata rule of faultline.compensation.policy",
                "application properties", LocalDate.EPOCH, null, ZoneId.of(p.zone()), p.reasonCode(),
                p.taxIncluded(), OutageCriteria.ANY, lines, List.of(proRata),
                new Adjustments(false, Map.of(), p.rounding(), Map.of(), Map.of(), false));
    }

    private static List<CompensationPolicy> load(String patterns) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<CompensationPolicy> policies = new ArrayList<>();
        for (String pattern : Arrays.stream(patterns.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList()) {
            try {
                Resource[] files = resolver.getResources(pattern);
                if (files.length == 0) {
                    throw new IllegalStateException("no policy file matches " + pattern);
                }
                Arrays.sort(files, Comparator.comparing(Resource::getFilename));
                for (Resource file : files) {
                    policies.add(PolicyParser.parse(file.getFilename(),
                            file.getContentAsString(StandardCharsets.UTF_8)));
                }
            } catch (FileNotFoundException e) {
                throw new IllegalStateException("no policy file matches " + pattern + " (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read policy files " + pattern, e);
            }
        }
        return policies;
    }

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
