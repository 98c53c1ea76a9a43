package io.faultline.compensation.policy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Subscriber;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Credits a number of days of named monthly charge components, pro rata: {@code sum(components) x days /
 * daysInPeriod}, rounded to minor units. The O2 December 2018 pay-monthly rule is "2 days of the monthly airtime
 * charge": components [airtime], 2 days; the handset part of the bill is not credited.
 *
 * <p>A subscriber is eligible when they are in the outage scope (home region in the scope's regions, or homed on
 * one of its elements), their plan includes a service the outage affects, and their plan type and brand are ones
 * the policy compensates. An eligible subscriber whose plan has none of the components, or whose credit rounds to
 * zero, gets no credit.
 *
 * <p>Instances are immutable; build them with {@link #builder(String, int)}.
 */
public final class ProRataChargePolicy {

    private static final int TRACE_DECIMALS = 6;

    private final String policyId;
    private final int version;
    private final Set<PlanType> planTypes;
    private final Set<String> brands;
    private final List<String> components;
    private final int days;
    private final DayCountConvention dayCount;
    private final RoundingMode rounding;
    private final String reasonCode;
    private final boolean taxIncluded;
    private final ZoneId zone;

    private ProRataChargePolicy(Builder b) {
        this.policyId = requireText(b.policyId, "policyId");
        if (b.version < 1) {
            throw new IllegalArgumentException("policy version must be >= 1, was " + b.version);
        }
        this.version = b.version;
        this.planTypes = Collections.unmodifiableSet(new LinkedHashSet<>(b.planTypes));
        if (planTypes.isEmpty()) {
            throw new IllegalArgumentException("policy " + policyId + " compensates no plan type");
        }
        this.brands = Collections.unmodifiableSet(new LinkedHashSet<>(b.brands));
        this.components = List.copyOf(b.components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("policy " + policyId + " names no charge component");
        }
        if (b.days < 1) {
            throw new IllegalArgumentException("days credited must be >= 1, was " + b.days);
        }
        this.days = b.days;
        this.dayCount = Objects.requireNonNull(b.dayCount, "dayCount");
        this.rounding = Objects.requireNonNull(b.rounding, "rounding");
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("rounding UNNECESSARY cannot round a pro-rata amount");
        }
        this.reasonCode = requireText(b.reasonCode, "reasonCode");
        this.taxIncluded = b.taxIncluded;
        this.zone = Objects.requireNonNull(b.zone, "zone");
    }

    /** A builder with the defaults: rounding HALF_UP, day count ACTUAL, every brand, tax included, zone UTC. */
    public static Builder builder(String policyId, int version) {
        return new Builder(policyId, version);
    }

    /**
     * The deterministic id of the credit of one subscriber for one outage under one policy version: a name-based
     * (version 3) UUID of {@code "outageId|policyId@version|subscriberId"}. A replay computes the same id.
     */
    public static UUID creditId(String outageId, String policyId, int policyVersion, String subscriberId) {
        String name = outageId + "|" + policyId + "@" + policyVersion + "|" + subscriberId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The credit this policy grants the subscriber for the outage, or empty when they are not eligible. */
    public Optional<ComputedCredit> evaluate(OutageSnapshot outage, Subscriber subscriber) {
        if (!isEligible(outage, subscriber)) {
            return Optional.empty();
        }
        List<ChargeComponent> base = new ArrayList<>();
        for (String name : components) {
            subscriber.plan().charge(name).ifPresent(base::add);
        }
        if (base.isEmpty()) {
            return Optional.empty();
        }
        long baseMinor = base.stream().mapToLong(ChargeComponent::monthlyMinor).sum();
        LocalDate start = outage.startedAt().atZone(zone).toLocalDate();
        int daysInPeriod = dayCount.daysInPeriod(start);
        BigDecimal numerator = BigDecimal.valueOf(baseMinor).multiply(BigDecimal.valueOf(days));
        BigDecimal divisor = BigDecimal.valueOf(daysInPeriod);
        long amountMinor = numerator.divide(divisor, 0, rounding).longValueExact();
        if (amountMinor == 0) {
            return Optional.empty();
        }
        CalculationTrace trace = trace(base, baseMinor, daysInPeriod, numerator, divisor, amountMinor);
        return Optional.of(new ComputedCredit(creditId(outage.outageId(), policyId, version, subscriber.subscriberId()),
                outage.outageId(), policyId, version, subscriber.subscriberId(), subscriber.billingAccount(),
                CreditKind.MONETARY, amountMinor, subscriber.plan().currency(), taxIncluded, reasonCode, trace));
    }

    /** Whether the subscriber is in the outage scope, uses an affected service and is of a compensated plan type and brand. */
    public boolean isEligible(OutageSnapshot outage, Subscriber subscriber) {
        OutageScope scope = outage.scope();
        boolean inScope = scope.regions().contains(subscriber.homeRegion())
                || subscriber.platforms().stream().anyMatch(scope.elements()::contains);
        boolean usesAffectedService = subscriber.plan().services().stream().anyMatch(scope::affects);
        boolean brandCompensated = brands.isEmpty() || brands.contains(subscriber.brand());
        return inScope && usesAffectedService && planTypes.contains(subscriber.plan().type()) && brandCompensated;
    }

    /** The filter a store can apply to find the candidates of {@link #isEligible} for the outage. */
    public EligibilityCriteria criteria(OutageSnapshot outage) {
        OutageScope scope = outage.scope();
        return new EligibilityCriteria(scope.regions(), scope.elements(), scope.services(), planTypes, brands);
    }

    private CalculationTrace trace(List<ChargeComponent> base, long baseMinor, int daysInPeriod, BigDecimal numerator,
                                   BigDecimal divisor, long amountMinor) {
        BigDecimal truncated = numerator.divide(divisor, TRACE_DECIMALS, RoundingMode.DOWN);
        boolean exact = truncated.multiply(divisor).compareTo(numerator) == 0;
        String unrounded = exact ? truncated.stripTrailingZeros().toPlainString() : truncated.toPlainString();
        List<String> parts = base.stream().map(c -> c.name() + " " + c.monthlyMinor()).toList();
        String baseText = parts.size() == 1 ? parts.getFirst() : "(" + String.join(" + ", parts) + ")";
        String formula = baseText + " x " + days + " / " + daysInPeriod + " = " + unrounded + (exact ? "" : "...")
                + " -> " + amountMinor + " (" + rounding + ")";
        return new CalculationTrace(base.stream().map(ChargeComponent::name).toList(), baseMinor, days, daysInPeriod,
                dayCount.name(), unrounded, rounding.name(), formula);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("policy " + name + " is required");
        }
        return value;
    }

    public String policyId() {
        return policyId;
    }

    public int version() {
        return version;
    }

    /** {@code policyId@version}, as finance names a policy version. */
    public String key() {
        return policyId + "@" + version;
    }

    public Set<PlanType> planTypes() {
        return planTypes;
    }

    public Set<String> brands() {
        return brands;
    }

    public List<String> components() {
        return components;
    }

    public int days() {
        return days;
    }

    public DayCountConvention dayCount() {
        return dayCount;
    }

    public RoundingMode rounding() {
        return rounding;
    }

    public String reasonCode() {
        return reasonCode;
    }

    public boolean taxIncluded() {
        return taxIncluded;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return key() + " " + String.join("+", components) + " x " + days + " days / " + dayCount + " (" + rounding
                + ") for " + planTypes + (brands.isEmpty() ? " of every brand" : " of " + brands);
    }

    /** Builds a {@link ProRataChargePolicy}. */
    public static final class Builder {

        private final String policyId;
        private final int version;
        private Set<PlanType> planTypes = Set.of();
        private Set<String> brands = Set.of();
        private List<String> components = List.of();
        private int days;
        private DayCountConvention dayCount = DayCountConvention.ACTUAL;
        private RoundingMode rounding = RoundingMode.HALF_UP;
        private String reasonCode;
        private boolean taxIncluded = true;
        private ZoneId zone = ZoneOffset.UTC;

        private Builder(String policyId, int version) {
            this.policyId = policyId;
            this.version = version;
        }

        public Builder planTypes(Set<PlanType> planTypes) {
            this.planTypes = Set.copyOf(planTypes);
            return this;
        }

        public Builder planTypes(PlanType... planTypes) {
            return planTypes(Set.of(planTypes));
        }

        /** Brands compensated; empty (the default) means every brand. */
        public Builder brands(Set<String> brands) {
            this.brands = Set.copyOf(brands);
            return this;
        }

        public Builder brands(String... brands) {
            return brands(Set.of(brands));
        }

        /** Names of the charge components credited, e.g. airtime; the others (handset...) are not. */
        public Builder components(List<String> components) {
            this.components = List.copyOf(components);
            return this;
        }

        public Builder components(String... components) {
            return components(List.of(components));
        }

        public Builder days(int days) {
            this.days = days;
            return this;
        }

        public Builder dayCount(DayCountConvention dayCount) {
            this.dayCount = dayCount;
            return this;
        }

        public Builder rounding(RoundingMode rounding) {
            this.rounding = rounding;
            return this;
        }

        public Builder reasonCode(String reasonCode) {
            this.reasonCode = reasonCode;
            return this;
        }

        public Builder taxIncluded(boolean taxIncluded) {
            this.taxIncluded = taxIncluded;
            return this;
        }

        /** Zone in which the month of the outage start is read for {@link DayCountConvention#ACTUAL}. */
        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public ProRataChargePolicy build() {
            return new ProRataChargePolicy(this);
        }
    }
}
