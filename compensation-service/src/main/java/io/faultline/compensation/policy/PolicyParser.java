package io.faultline.compensation.policy;

import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one policy file of the policy language (docs/compensation-policies.md) into a {@link CompensationPolicy},
 * or fails with a {@link PolicyError} that names the file, line and field.
 */
public final class PolicyParser {

    private static final List<String> GRANTS = List.of("proRata", "steps", "flat", "allowance", "freeUsage",
            "topUpBonus");

    /** What happens to a credit under the minimum payout. */
    private enum Below {
        RAISE,
        DROP
    }

    private PolicyParser() {
    }

    public static CompensationPolicy parse(String file, String text) {
        PolicyYaml root = PolicyYaml.parse(file, text);
        String id = root.text("policy");
        if (!id.matches("[a-z0-9][a-z0-9.-]*")) {
            throw root.error("policy", "must be lower-case letters, digits, dots and dashes, was " + id);
        }
        int version = root.integer("version", 1);
        String title = root.text("title");
        PolicyYaml effective = root.mapping("effective");
        LocalDate from = effective.date("from");
        LocalDate until = effective.optionalDate("until").orElse(null);
        effective.rejectUnknown();
        if (until != null && until.isBefore(from)) {
            throw effective.error("until", "must not be before from (" + from + ")");
        }
        ZoneId zone = zone(root);
        String reason = root.text("reason");
        boolean taxIncluded = root.bool("taxIncluded", true);
        OutageCriteria outage = root.optionalMapping("outage").map(PolicyParser::outage).orElse(OutageCriteria.ANY);
        LineCriteria lines = root.optionalMapping("lines").map(PolicyParser::lines).orElse(LineCriteria.ANY);
        Set<String> ruleIds = new HashSet<>();
        List<Rule> rules = root.mappings("rules", node -> {
            Rule rule = rule(node, zone);
            if (!ruleIds.add(rule.id())) {
                throw node.error("id", "another rule of this policy is called " + rule.id());
            }
            return rule;
        });
        Adjustments adjustments = adjustments(root);
        root.rejectUnknown();
        return new CompensationPolicy(id, version, title, file, from, until, zone, reason, taxIncluded, outage, lines,
                rules, adjustments);
    }

    private static ZoneId zone(PolicyYaml root) {
        String zone = root.text("zone");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw root.error("zone", "not a time zone: " + zone);
        }
    }

    private static OutageCriteria outage(PolicyYaml node) {
        OutageCriteria criteria = new OutageCriteria(node.enums("services", Service.class),
                node.has("minDuration") ? node.duration("minDuration") : Duration.ZERO,
                node.has("minAffected") ? node.integer("minAffected", 0) : 0,
                new HashSet<>(node.texts("excludeCauses")));
        node.rejectUnknown();
        return criteria;
    }

    private static LineCriteria lines(PolicyYaml node) {
        LineCriteria criteria = new LineCriteria(node.enums("services", Service.class),
                new HashSet<>(node.texts("brands")), node.enums("planTypes", PlanType.class),
                new HashSet<>(node.texts("planIds")), new HashSet<>(node.texts("segments")),
                new HashSet<>(node.texts("regions")), node.has("unlimitedData") ? node.bool("unlimitedData", false)
                : null);
        node.rejectUnknown();
        return criteria;
    }

    private static Rule rule(PolicyYaml node, ZoneId zone) {
        String id = node.text("id");
        LineCriteria when = node.optionalMapping("when").map(PolicyParser::lines).orElse(LineCriteria.ANY);
        List<String> given = GRANTS.stream().filter(node::has).toList();
        if (given.size() != 1) {
            throw node.error("", "a rule grants exactly one of " + GRANTS + ", found " + given);
        }
        if (given.getFirst().equals("steps")) {
            return new Rule(id, when, steps(node), Map.of());
        }
        PolicyYaml grantNode = node.mapping(given.getFirst());
        Grant grant = switch (given.getFirst()) {
            case "proRata" -> proRata(grantNode);
            case "flat" -> new Grant.Flat(amounts(grantNode, "amounts"),
                    grantNode.optionalEnum("per", Grant.Per.class).orElse(Grant.Per.LINE));
            case "allowance" -> allowance(grantNode);
            case "freeUsage" -> freeUsage(grantNode, zone);
            default -> topUpBonus(grantNode);
        };
        grantNode.rejectUnknown();
        Map<String, Long> worth = node.has("worth") ? amounts(node, "worth") : Map.of();
        return new Rule(id, when, grant, worth);
    }

    private static Grant.ProRata proRata(PolicyYaml node) {
        List<String> components = node.texts("components");
        if (components.isEmpty()) {
            throw node.error("components", "names at least one charge component, e.g. [airtime]");
        }
        Integer days = null;
        Grant.PartialDay partialDay = Grant.PartialDay.UP;
        if (node.has("days") && !"outage".equals(node.text("days"))) {
            days = node.integer("days", 1);
        } else {
            partialDay = node.optionalEnum("partialDay", Grant.PartialDay.class).orElse(Grant.PartialDay.UP);
        }
        DayCountConvention dayCount = node.optionalEnum("dayCount", DayCountConvention.class)
                .orElse(DayCountConvention.ACTUAL);
        return new Grant.ProRata(components, days, partialDay, dayCount);
    }

    private static Grant.DurationSteps steps(PolicyYaml rule) {
        List<Grant.Step> steps = rule.mappings("steps", node -> new Grant.Step(node.duration("atLeast"),
                amounts(node, "amounts")));
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).atLeast().compareTo(steps.get(i - 1).atLeast()) <= 0) {
                throw rule.error("steps", "steps must be in increasing order of atLeast (step " + i + ")");
            }
        }
        if (steps.isEmpty()) {
            throw rule.error("steps", "a table needs at least one step");
        }
        return new Grant.DurationSteps(steps);
    }

    private static Grant.Allowance allowance(PolicyYaml node) {
        BigDecimal quantity = node.decimal("quantity");
        if (quantity.signum() <= 0) {
            throw node.error("quantity", "must be more than 0, was " + quantity);
        }
        return new Grant.Allowance(quantity, node.text("unit"), node.period("validity"));
    }

    private static Grant.FreeUsage freeUsage(PolicyYaml node, ZoneId zone) {
        Set<Service> services = node.enums("services", Service.class);
        if (services.isEmpty()) {
            throw node.error("services", "names at least one service, e.g. [voice, sms]");
        }
        LocalDateTime from;
        LocalDateTime until;
        if (node.has("date")) {
            from = node.date("date").atStartOfDay();
            until = from.plusDays(node.has("days") ? node.integer("days", 1) : 1);
        } else {
            from = node.date("from").atStartOfDay();
            until = node.date("until").plusDays(1).atStartOfDay();
            if (!until.isAfter(from)) {
                throw node.error("until", "must not be before from");
            }
        }
        return new Grant.FreeUsage(services, from, until);
    }

    private static Grant.TopUpBonus topUpBonus(PolicyYaml node) {
        BigDecimal percent = node.decimal("percent");
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw node.error("percent", "must be more than 0 and at most 100, was " + percent);
        }
        boolean largest = node.bool("capToLargestTopUp", false);
        Map<String, Long> caps = node.has("capAmounts") ? amounts(node, "capAmounts") : Map.of();
        if (!largest && caps.isEmpty()) {
            throw node.error("", "a top-up bonus needs a cap: capToLargestTopUp or capAmounts");
        }
        return new Grant.TopUpBonus(percent, largest, caps);
    }

    private static Adjustments adjustments(PolicyYaml root) {
        boolean capMonthly = false;
        Map<String, Long> caps = Map.of();
        if (root.has("cap")) {
            PolicyYaml cap = root.mapping("cap");
            capMonthly = cap.bool("monthlyCharge", false);
            caps = cap.has("amounts") ? amounts(cap, "amounts") : Map.of();
            cap.rejectUnknown();
        }
        RoundingMode mode = RoundingMode.HALF_UP;
        Map<String, Long> increments = Map.of();
        if (root.has("rounding")) {
            PolicyYaml rounding = root.mapping("rounding");
            mode = rounding.optionalEnum("mode", RoundingMode.class).orElse(RoundingMode.HALF_UP);
            if (mode == RoundingMode.UNNECESSARY) {
                throw rounding.error("mode", "unnecessary cannot round a computed amount");
            }
            increments = rounding.has("increments") ? amounts(rounding, "increments") : Map.of();
            for (Map.Entry<String, Long> increment : increments.entrySet()) {
                if (increment.getValue() < 1) {
                    throw rounding.error("increments", "an increment is at least one minor unit");
                }
            }
            rounding.rejectUnknown();
        }
        Map<String, Long> minimum = Map.of();
        boolean raise = false;
        if (root.has("minimum")) {
            PolicyYaml min = root.mapping("minimum");
            minimum = amounts(min, "amounts");
            raise = min.optionalEnum("below", Below.class).orElse(Below.DROP) == Below.RAISE;
            min.rejectUnknown();
        }
        return new Adjustments(capMonthly, caps, mode, increments, minimum, raise);
    }

    /** A list of amounts, at most one per currency: {@code [GBP 5.00, EUR 6.00]}. */
    private static Map<String, Long> amounts(PolicyYaml node, String key) {
        node.require(key);
        Map<String, Long> amounts = new LinkedHashMap<>();
        for (String text : node.texts(key)) {
            Money money;
            try {
                money = Money.parse(text);
            } catch (IllegalArgumentException e) {
                throw node.error(key, e.getMessage());
            }
            if (money.minor() < 0) {
                throw node.error(key, "amounts are not negative, was " + text);
            }
            if (amounts.put(money.currency(), money.minor()) != null) {
                throw node.error(key, "two amounts in " + money.currency());
            }
        }
        if (amounts.isEmpty()) {
            throw node.error(key, "lists at least one amount, e.g. [GBP 5.00]");
        }
        return amounts;
    }
}
