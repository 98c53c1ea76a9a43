package io.faultline.notifier.streams;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.platform.streams.BinaryCache;
import io.faultline.platform.streams.BinaryIn;
import io.faultline.platform.streams.BinaryOut;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * The subscriber stores' values in binary (about a third of the JSON, and read without a parser: the fan-out reads
 * every subscriber of its partition for each outage). Every field of the subscriber is kept; enums by name, so a
 * reordered enum still reads. Stores written as JSON by an earlier version still restore ({@link BinaryStoreSerde}).
 */
final class SubscriberStoreSerde {

    private static final byte FORMAT = 1;
    /** Texts shared by many subscribers: locale, brand, segment, region, platforms. */
    private static final BinaryCache<String> TEXTS = new BinaryCache<>(4096, 64);
    /** Tariffs, whole: an operator has hundreds, its base millions of lines. */
    private static final BinaryCache<Plan> PLANS = new BinaryCache<>(1024, 2048);

    private SubscriberStoreSerde() {
    }

    static Serde<Subscriber> create() {
        return BinaryStoreSerde.of(Subscriber.class, SubscriberStoreSerde::write, SubscriberStoreSerde::read);
    }

    static byte[] write(Subscriber subscriber) {
        BinaryOut out = new BinaryOut(192);
        out.writeByte(FORMAT);
        out.writeText(subscriber.subscriberId());
        out.writeText(subscriber.msisdn());
        out.writeText(subscriber.email());
        out.writeText(subscriber.locale());
        out.writeText(subscriber.brand());
        out.writeText(subscriber.billingAccount());
        out.writeText(subscriber.segment());
        Plan plan = subscriber.plan();
        out.writeText(plan.planId());
        out.writeText(plan.type().name());
        out.writeText(plan.currency());
        out.writeInt(plan.charges().size());
        for (ChargeComponent charge : plan.charges()) {
            out.writeText(charge.name());
            out.writeLong(charge.monthlyMinor());
        }
        out.writeInt(plan.services().size());
        for (Service service : plan.services()) {
            out.writeText(service.name());
        }
        out.writeBoolean(plan.unlimitedData());
        out.writeText(subscriber.homeRegion());
        out.writeInt(subscriber.platforms().size());
        for (String platform : subscriber.platforms()) {
            out.writeText(platform);
        }
        ContactPreferences contact = subscriber.contact();
        out.writeText(contact.preferredChannel() == null ? null : contact.preferredChannel().name());
        out.writeBoolean(contact.nonCriticalOptOut());
        out.writeBoolean(subscriber.vulnerable());
        out.writeLong(subscriber.updatedAt().getEpochSecond());
        out.writeInt(subscriber.updatedAt().getNano());
        return out.toByteArray();
    }

    static Subscriber read(byte[] bytes) {
        try {
            BinaryIn in = new BinaryIn(bytes);
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown subscriber store format " + format);
            }
            String id = in.readText();
            String msisdn = in.readText();
            String email = in.readText();
            String locale = in.readText(TEXTS);
            String brand = in.readText(TEXTS);
            String account = in.readText();
            String segment = in.readText(TEXTS);
            Plan plan = readPlan(in, bytes);
            String homeRegion = in.readText(TEXTS);
            int platformCount = in.readInt();
            String[] platforms = new String[Math.max(0, platformCount)];
            for (int i = 0; i < platforms.length; i++) {
                platforms[i] = in.readText(TEXTS);
            }
            NoticeChannel preferred = in.readEnum(NoticeChannel.class);
            ContactPreferences contact = new ContactPreferences(preferred, in.readBoolean());
            boolean vulnerable = in.readBoolean();
            Instant updatedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new Subscriber(id, msisdn, email, locale, brand, account, segment, plan, homeRegion,
                    platforms.length == 1 ? Set.of(platforms[0]) : Set.of(platforms), contact, vulnerable,
                    updatedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unreadable subscriber store value", e);
        }
    }

    /** The plan, the one decoded before from the same bytes when there is one (thousands of lines share a tariff). */
    private static Plan readPlan(BinaryIn in, byte[] bytes) {
        int start = in.position();
        in.skipText().skipText().skipText();
        for (int i = in.readInt(); i > 0; i--) {
            in.skipText().skip(Long.BYTES);
        }
        for (int i = in.readInt(); i > 0; i--) {
            in.skipText();
        }
        in.skip(1);
        int end = in.position();
        Plan cached = PLANS.get(bytes, start, end);
        if (cached != null) {
            return cached;
        }
        in.seek(start);
        String planId = in.readText();
        PlanType type = in.readEnum(PlanType.class);
        String currency = in.readText();
        List<ChargeComponent> charges = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            charges.add(new ChargeComponent(in.readText(), in.readLong()));
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (int i = in.readInt(); i > 0; i--) {
            services.add(in.readEnum(Service.class));
        }
        return PLANS.put(bytes, start, end, new Plan(planId, type, currency, charges, services, in.readBoolean()));
    }

}
