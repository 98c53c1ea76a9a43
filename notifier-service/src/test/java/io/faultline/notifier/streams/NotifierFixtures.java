package io.faultline.notifier.streams;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Subscribers and outage events of the notifier's topology tests, as the JSON their topics carry. */
final class NotifierFixtures {

    static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");
    static final String OUTAGE_ID = "OUT-1";

    private NotifierFixtures() {
    }

    static String subscriber(String id, String region, String msisdn, String email, boolean vulnerable,
                             Set<Service> services, Set<String> platforms) {
        return subscriber(id, region, msisdn, email, vulnerable, services, platforms, ContactPreferences.DEFAULT);
    }

    static String subscriber(String id, String region, String msisdn, String email, boolean vulnerable,
                             Set<Service> services, Set<String> platforms, ContactPreferences contact) {
        return subscriberOfBrand(id, "meridian", "en", region, msisdn, email, vulnerable, services, platforms,
                contact);
    }

    /** The same subscriber (as {@link #subscriber} writes it) on billing account {@code account}. */
    static String onAccount(String subscriberJson, String account) {
        Subscriber s = EventJson.read(subscriberJson.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Subscriber.class);
        return EventJson.writeString(new Subscriber(s.subscriberId(), s.msisdn(), s.email(), s.locale(), s.brand(),
                account, s.segment(), s.plan(), s.homeRegion(), s.platforms(), s.contact(), s.vulnerable(),
                s.updatedAt()));
    }

    /** A subscriber of another brand on the network (an MVNO) or in another language. */
    static String subscriberOfBrand(String id, String brand, String locale, String region, String msisdn,
                                    String email, boolean vulnerable, Set<Service> services, Set<String> platforms,
                                    ContactPreferences contact) {
        Plan plan = new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                services, false);
        return EventJson.writeString(new Subscriber(id, msisdn, email, locale, brand, "ACC-" + id, "consumer",
                plan, region, platforms, contact, vulnerable, T0));
    }

    /** An event of outage {@value #OUTAGE_ID}; a RESOLVED one ends an hour after {@link #T0}. */
    static String outage(OutageStatus status, long version, Set<Service> services, Set<String> regions,
                         Set<String> elements) {
        Instant end = status == OutageStatus.RESOLVED ? T0.plusSeconds(3600) : null;
        OutageSnapshot snapshot = new OutageSnapshot(OUTAGE_ID, version, "Mobile data unavailable in north",
                OutageSeverity.CRITICAL, new OutageScope(services, regions, elements), T0, T0, end,
                new Evidence(List.of("ALM-1"), 0, 0, 0.9), 1000, null);
        return EventJson.writeString(OutageEvent.of(status, end == null ? T0 : end, snapshot));
    }
}
