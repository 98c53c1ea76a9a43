package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SubscriberStoreSerdeTest {

    private final Serde<Subscriber> serde = SubscriberStoreSerde.create();

    @Test
    void everyFieldSurvivesTheBinaryForm() {
        Subscriber subscriber = new Subscriber("S-1", "447700900123", "ann@mail.example", "fr", "skylark", "ACC-1",
                "business", new Plan("PM-20", PlanType.PAY_MONTHLY, "EUR", List.of(new ChargeComponent("airtime",
                        1300), new ChargeComponent("handset", 2200)), Set.of(Service.DATA, Service.VOICEMAIL), true),
                "north-west", Set.of("CELL-1", "BRAS-2"), new ContactPreferences(NoticeChannel.EMAIL, true), true,
                Instant.parse("2026-11-24T10:15:30.123456789Z"));

        byte[] bytes = serde.serializer().serialize("any", subscriber);

        assertThat(serde.deserializer().deserialize("any", bytes)).isEqualTo(subscriber);
        assertThat(bytes.length).as("well under the JSON").isLessThan(EventJson.write(subscriber).length * 2 / 3);
    }

    @Test
    void absentAddressesAndPreferencesSurviveToo() {
        Subscriber subscriber = new Subscriber("S-2", null, null, "en", "meridian", "ACC-2", "consumer",
                new Plan("PAYG", PlanType.PAY_AS_YOU_GO, "GBP", List.of(), Set.of(), false), "london", Set.of(),
                ContactPreferences.DEFAULT, false, Instant.parse("2026-11-24T10:15:30Z"));

        assertThat(serde.deserializer().deserialize("any", serde.serializer().serialize("any", subscriber)))
                .isEqualTo(subscriber);
    }

    @Test
    void textsLongerThanWriteUtfAllowsAndThousandsOfPlatformsSurvive() {
        Set<String> platforms = new HashSet<>();
        for (int i = 0; i < 40_000; i++) {
            platforms.add("CELL-" + i);
        }
        Subscriber subscriber = new Subscriber("S-4", "447700900125", "x".repeat(70_000) + "@mail.example", "en",
                "meridian", "ACC-4", "é".repeat(40_000), new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(),
                Set.of(Service.DATA), false), "london", platforms, ContactPreferences.DEFAULT, false,
                Instant.parse("2026-11-24T10:15:30Z"));

        assertThat(serde.deserializer().deserialize("any", serde.serializer().serialize("any", subscriber)))
                .isEqualTo(subscriber);
    }

    @Test
    void aStoreWrittenAsJsonByAnEarlierVersionStillReads() {
        Subscriber subscriber = new Subscriber("S-3", "447700900124", null, "en", "meridian", "ACC-3", "consumer",
                new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                        Set.of(Service.DATA), false), "london", Set.of(), ContactPreferences.DEFAULT, true,
                Instant.parse("2026-11-24T10:15:30Z"));

        assertThat(serde.deserializer().deserialize("any", EventJson.write(subscriber))).isEqualTo(subscriber);
    }

    @Test
    void linesOnOneTariffShareOneDecodedPlanAndTariffsThatDifferOnlyInACharge() {
        Plan standard = new Plan("PM-20", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                Set.of(Service.DATA, Service.VOICE), false);
        Plan dearer = new Plan("PM-20", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1301)),
                Set.of(Service.DATA, Service.VOICE), false);
        Subscriber first = new Subscriber("S-10", "447700900010", null, "en", "meridian", "ACC-10", "consumer",
                standard, "london", Set.of("CELL-1"), ContactPreferences.DEFAULT, false,
                Instant.parse("2026-11-24T10:15:30Z"));
        Subscriber second = new Subscriber("S-11", "447700900011", null, "en", "meridian", "ACC-11", "consumer",
                standard, "london", Set.of(), ContactPreferences.DEFAULT, false, Instant.parse("2026-11-24T10:15:31Z"));
        Subscriber third = new Subscriber("S-12", "447700900012", null, "en", "meridian", "ACC-12", "consumer",
                dearer, "london", Set.of(), ContactPreferences.DEFAULT, false, Instant.parse("2026-11-24T10:15:32Z"));

        Subscriber firstRead = serde.deserializer().deserialize("any", serde.serializer().serialize("any", first));
        Subscriber secondRead = serde.deserializer().deserialize("any", serde.serializer().serialize("any", second));
        Subscriber thirdRead = serde.deserializer().deserialize("any", serde.serializer().serialize("any", third));

        assertThat(firstRead).isEqualTo(first);
        assertThat(secondRead).isEqualTo(second);
        assertThat(thirdRead).isEqualTo(third);
        assertThat(secondRead.plan()).as("decoded once").isSameAs(firstRead.plan());
        assertThat(secondRead.homeRegion()).isSameAs(firstRead.homeRegion());
        assertThat(thirdRead.plan().charges()).containsExactly(new ChargeComponent("airtime", 1301));
    }
}
