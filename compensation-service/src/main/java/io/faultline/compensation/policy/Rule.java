package io.faultline.compensation.policy;

import java.util.Map;
import java.util.Objects;

/**
 * One rule of a policy: the lines it is for and what it grants them. A policy's rules are tried in file order
 * and the first that matches a line is the one applied, so a policy grants a line at most one credit.
 *
 * @param id    name of the rule in its policy, carried by the credit's reason
 * @param when  the lines it is for
 * @param grant what it grants
 * @param worth what a grant that is not money is worth per currency when policies are stacked "best" (minor units)
 */
public record Rule(String id, LineCriteria when, Grant grant, Map<String, Long> worth) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(grant, "grant");
        worth = Map.copyOf(worth);
    }
}
