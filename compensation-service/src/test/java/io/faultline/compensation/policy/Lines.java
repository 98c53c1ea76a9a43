package io.faultline.compensation.policy;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Test data builders of lines and outages for policy tests. */
public final class Lines {

    private String id = "S-1";
    private String brand = "o2";
    private String segment = "consumer";
    private String region = "london";
    private String planId = "PM-13";
    private PlanType type = PlanType.PAY_MONTHLY;
    private String currency = "GBP";
    private final List<ChargeComponent> charges = new ArrayList<>(List.of(new ChargeComponent("airtime", 1300),
            new ChargeComponent("handset", 2500)));
    private Set<Service> services = EnumSet.of(Service.VOICE, Service.SMS, Service.DATA, Service.VOICEMAIL);
    private boolean unlimitedData;

    private Lines() {
    }

    /** A London O2 pay-monthly consumer line: GBP 13.00 airtime and GBP 25.00 handset a month. */
    public static Lines line() {
        return new Lines();
    }

    public Lines id(String value) {
        id = value;
        return this;
    }

    public Lines brand(String value) {
        brand = value;
        return this;
    }

    public Lines segment(String value) {
        segment = value;
        return this;
    }

    public Lines region(String value) {
        region = value;
        return this;
    }

    public Lines planId(String value) {
        planId = value;
        return this;
    }

    public Lines payAsYouGo() {
        type = PlanType.PAY_AS_YOU_GO;
        charges.clear();
        return this;
    }

    public Lines unlimitedData() {
        unlimitedData = true;
        return this;
    }

    public Lines services(Service... values) {
        services = Set.of(values);
        return this;
    }

    /** Replaces the charges: name, minor units, name, minor units... */
    public Lines charges(String currencyCode, Object... nameAndMinor) {
        currency = currencyCode;
        charges.clear();
        for (int i = 0; i < nameAndMinor.length; i += 2) {
            charges.add(new ChargeComponent((String) nameAndMinor[i], ((Number) nameAndMinor[i + 1]).longValue()));
        }
        return this;
    }

    public Subscriber build() {
        return new Subscriber(id, "447700900123", "line@example.com", "en", brand, "BA-" + id, segment,
                new Plan(planId, type, currency, charges, services, unlimitedData), region, Set.of(), null, false,
                Instant.parse("2010-01-01T00:00:00Z"));
    }

    /** An outage of the given services in London (and Paris), from {@code start} for {@code length}. */
    static OutageFacts outage(String start, Duration length, Service... services) {
        Instant from = Instant.parse(start);
        return new OutageFacts("OUT-1", new OutageScope(Set.of(services), Set.of("london", "paris"), Set.of()), from,
                from.plus(length), 1_000_000, Set.of());
    }
}
