package io.faultline.sandbox.bench;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A national subscriber base for the notifier benchmark, generated deterministically from the subscriber's number:
 * every region of {@link #regions}, four brands (the operator and three MVNOs), English and French, 1% vulnerable,
 * a third with an email address (5% of those prefer email: about 1.7% of the base), 10% opted out of non-critical
 * notices; every plan uses data. Pay-monthly lines are on one tariff (airtime GBP 13.00), or, in a base with
 * {@link #withTariffs varied tariffs}, on one of 37 airtime prices (GBP 8.00 to 44.00) each with one of five handset
 * instalments (none to GBP 40.00): 185 tariffs, so that lines alike are not the whole base.
 */
final class BenchSubscribers {

    static final List<String> NATIONAL = List.of("north-east", "north-west", "yorkshire", "east-midlands",
            "west-midlands", "east", "london", "south-east", "south-west", "wales", "scotland", "northern-ireland");
    private static final List<String> BRANDS = List.of("meridian", "meridian", "meridian", "meridian", "meridian",
            "skylark", "volta", "lyra");
    private static final Plan MONTHLY = new Plan("PM-20", PlanType.PAY_MONTHLY, "GBP",
            List.of(new ChargeComponent("airtime", 1300)), Set.of(Service.DATA, Service.VOICE, Service.SMS), false);
    private static final Plan PREPAID = new Plan("PAYG", PlanType.PAY_AS_YOU_GO, "GBP", List.of(),
            Set.of(Service.DATA, Service.VOICE, Service.SMS), false);
    private static final Instant SINCE = Instant.parse("2020-01-01T00:00:00Z");

    private static final int AIRTIME_PRICES = 37;
    private static final int HANDSET_INSTALMENTS = 5;

    private final String idPrefix;
    private final List<String> regions;
    private final boolean variedTariffs;

    /**
     * @param idPrefix keeps the ids and numbers of two bases apart
     * @param regions  home regions, assigned round robin
     */
    BenchSubscribers(String idPrefix, List<String> regions) {
        this(idPrefix, regions, false);
    }

    private BenchSubscribers(String idPrefix, List<String> regions, boolean variedTariffs) {
        this.idPrefix = idPrefix;
        this.regions = List.copyOf(regions);
        this.variedTariffs = variedTariffs;
    }

    /** The same base with pay-monthly lines spread over 185 tariffs. */
    static BenchSubscribers withTariffs(String idPrefix, List<String> regions) {
        return new BenchSubscribers(idPrefix, regions, true);
    }

    /** The regions the base lives in. */
    List<String> regions() {
        return regions;
    }

    /** Subscriber number {@code i}. */
    Subscriber subscriber(long i) {
        int mix = (int) (mix(i) & 0x7fffffff);
        String id = idPrefix + i;
        boolean hasEmail = mix % 3 == 0;
        NoticeChannel preferred = mix % 20 == 1 && hasEmail ? NoticeChannel.EMAIL : null;
        ContactPreferences contact = preferred == null && mix % 10 != 7 ? ContactPreferences.DEFAULT
                : new ContactPreferences(preferred, mix % 10 == 7);
        return new Subscriber(id, String.format("447%09d", i % 1_000_000_000L),
                hasEmail ? id.toLowerCase() + "@mail.example" : null, mix % 5 == 0 ? "fr" : "en",
                BRANDS.get((mix >>> 4) % BRANDS.size()), "ACC-" + id, mix % 7 == 0 ? "business" : "consumer",
                mix % 4 == 0 ? PREPAID : monthly(i), regions.get((int) (i % regions.size())), Set.of(), contact,
                mix % 100 == 3, SINCE);
    }

    private Plan monthly(long i) {
        if (!variedTariffs) {
            return MONTHLY;
        }
        int tariff = (int) Math.floorMod(mix(i ^ 0x5DEECE66DL), (long) AIRTIME_PRICES * HANDSET_INSTALMENTS);
        long airtime = 800 + (tariff % AIRTIME_PRICES) * 100L;
        long handset = (tariff / AIRTIME_PRICES) * 1000L;
        return new Plan("PM-" + airtime + "-H" + handset, PlanType.PAY_MONTHLY, "GBP",
                List.of(new ChargeComponent("airtime", airtime), new ChargeComponent("handset", handset)),
                MONTHLY.services(), false);
    }

    /** Sends subscribers {@code 0 .. count-1} as subscribers.v1 records, keyed by subscriber id. */
    void publish(long count, Consumer<ProducerRecord<String, byte[]>> send) {
        for (long i = 0; i < count; i++) {
            send.accept(record(i));
        }
    }

    /** Subscriber {@code i} as its subscribers.v1 record. */
    ProducerRecord<String, byte[]> record(long i) {
        Subscriber subscriber = subscriber(i);
        return new ProducerRecord<>(Topics.SUBSCRIBERS.name(), subscriber.subscriberId(),
                EventJson.write(subscriber));
    }

    private static long mix(long i) {
        long z = i + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
