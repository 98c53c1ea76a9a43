package io.faultline.compensation.policy;

import io.faultline.common.events.Subscriber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every policy in force, and how they stack: a line gets the award of every policy that grants it one
 * ({@link Stacking#ALL}), or only the one worth most ({@link Stacking#BEST}, the first in file order on a tie).
 *
 * @param policies the policies, in the order their files were loaded
 * @param stacking how awards of several policies combine
 */
public record PolicyBook(List<CompensationPolicy> policies, Stacking stacking) {

    /** How the awards of several policies to one line combine. */
    public enum Stacking {
        ALL,
        BEST
    }

    public PolicyBook {
        policies = List.copyOf(policies);
        Objects.requireNonNull(stacking, "stacking");
        Map<String, String> sources = new HashMap<>();
        for (CompensationPolicy policy : policies) {
            String other = sources.putIfAbsent(policy.key(), policy.source());
            if (other != null) {
                throw new PolicyError(policy.source(), 1, "version", policy.key() + " is also defined in " + other
                        + ": a changed policy is a new version");
            }
        }
    }

    /** The awards a line gets for an outage. */
    public List<Award> awards(OutageFacts outage, Subscriber line, LineHistory history) {
        List<Award> awards = new ArrayList<>();
        for (CompensationPolicy policy : policies) {
            policy.assess(outage, line, history).granted().ifPresent(awards::add);
        }
        if (stacking == Stacking.ALL || awards.size() < 2) {
            return awards;
        }
        return List.of(awards.stream().max(Comparator.comparingLong(Award::worthMinor)
                .thenComparing(award -> -awards.indexOf(award))).orElseThrow());
    }

    /** The policies that compensate the outage at all. */
    public List<CompensationPolicy> applicableTo(OutageFacts outage) {
        return policies.stream().filter(policy -> policy.outageMismatch(outage) == null).toList();
    }
}
