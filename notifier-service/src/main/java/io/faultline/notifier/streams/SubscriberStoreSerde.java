package io.faultline.notifier.streams;

import static io.faultline.platform.streams.BinaryStoreSerde.readText;
import static io.faultline.platform.streams.BinaryStoreSerde.writeText;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
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

    private SubscriberStoreSerde() {
    }

    static Serde<Subscriber> create() {
        return BinaryStoreSerde.of(Subscriber.class, SubscriberStoreSerde::write, SubscriberStoreSerde::read);
    }

    static byte[] write(Subscriber subscriber) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeText(out, subscriber.subscriberId());
            writeText(out, subscriber.msisdn());
            writeText(out, subscriber.email());
            writeText(out, subscriber.locale());
            writeText(out, subscriber.brand());
            writeText(out, subscriber.billingAccount());
            writeText(out, subscriber.segment());
            Plan plan = subscriber.plan();
            writeText(out, plan.planId());
            writeText(out, plan.type().name());
            writeText(out, plan.currency());
            out.writeInt(plan.charges().size());
            for (ChargeComponent charge : plan.charges()) {
                writeText(out, charge.name());
                out.writeLong(charge.monthlyMinor());
            }
            out.writeInt(plan.services().size());
            for (Service service : plan.services()) {
                writeText(out, service.name());
            }
            out.writeBoolean(plan.unlimitedData());
            writeText(out, subscriber.homeRegion());
            out.writeInt(subscriber.platforms().size());
            for (String platform : subscriber.platforms()) {
                writeText(out, platform);
            }
            ContactPreferences contact = subscriber.contact();
            writeText(out, contact.preferredChannel() == null ? null : contact.preferredChannel().name());
            out.writeBoolean(contact.nonCriticalOptOut());
            out.writeBoolean(subscriber.vulnerable());
            out.writeLong(subscriber.updatedAt().getEpochSecond());
            out.writeInt(subscriber.updatedAt().getNano());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Subscriber read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown subscriber store format " + format);
            }
            String id = readText(in);
            String msisdn = readText(in);
            String email = readText(in);
            String locale = readText(in);
            String brand = readText(in);
            String account = readText(in);
            String segment = readText(in);
            String planId = readText(in);
            PlanType type = PlanType.valueOf(readText(in));
            String currency = readText(in);
            List<ChargeComponent> charges = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                charges.add(new ChargeComponent(readText(in), in.readLong()));
            }
            Set<Service> services = EnumSet.noneOf(Service.class);
            for (int i = in.readInt(); i > 0; i--) {
                services.add(Service.valueOf(readText(in)));
            }
            Plan plan = new Plan(planId, type, currency, charges, services, in.readBoolean());
            String homeRegion = readText(in);
            Set<String> platforms = new HashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                platforms.add(readText(in));
            }
            String preferred = readText(in);
            ContactPreferences contact = new ContactPreferences(
                    preferred == null ? null : NoticeChannel.valueOf(preferred), in.readBoolean());
            boolean vulnerable = in.readBoolean();
            Instant updatedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new Subscriber(id, msisdn, email, locale, brand, account, segment, plan, homeRegion, platforms,
                    contact, vulnerable, updatedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable subscriber store value", e);
        }
    }

}
