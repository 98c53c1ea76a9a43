package io.faultline.notifier.streams;

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
            out.writeUTF(subscriber.subscriberId());
            nullable(out, subscriber.msisdn());
            nullable(out, subscriber.email());
            out.writeUTF(subscriber.locale());
            out.writeUTF(subscriber.brand());
            out.writeUTF(subscriber.billingAccount());
            out.writeUTF(subscriber.segment());
            Plan plan = subscriber.plan();
            out.writeUTF(plan.planId());
            out.writeUTF(plan.type().name());
            out.writeUTF(plan.currency());
            out.writeShort(plan.charges().size());
            for (ChargeComponent charge : plan.charges()) {
                out.writeUTF(charge.name());
                out.writeLong(charge.monthlyMinor());
            }
            out.writeByte(plan.services().size());
            for (Service service : plan.services()) {
                out.writeUTF(service.name());
            }
            out.writeBoolean(plan.unlimitedData());
            out.writeUTF(subscriber.homeRegion());
            out.writeShort(subscriber.platforms().size());
            for (String platform : subscriber.platforms()) {
                out.writeUTF(platform);
            }
            ContactPreferences contact = subscriber.contact();
            nullable(out, contact.preferredChannel() == null ? null : contact.preferredChannel().name());
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
            String id = in.readUTF();
            String msisdn = nullable(in);
            String email = nullable(in);
            String locale = in.readUTF();
            String brand = in.readUTF();
            String account = in.readUTF();
            String segment = in.readUTF();
            String planId = in.readUTF();
            PlanType type = PlanType.valueOf(in.readUTF());
            String currency = in.readUTF();
            List<ChargeComponent> charges = new ArrayList<>();
            for (int i = in.readShort(); i > 0; i--) {
                charges.add(new ChargeComponent(in.readUTF(), in.readLong()));
            }
            Set<Service> services = EnumSet.noneOf(Service.class);
            for (int i = in.readByte(); i > 0; i--) {
                services.add(Service.valueOf(in.readUTF()));
            }
            Plan plan = new Plan(planId, type, currency, charges, services, in.readBoolean());
            String homeRegion = in.readUTF();
            Set<String> platforms = new HashSet<>();
            for (int i = in.readShort(); i > 0; i--) {
                platforms.add(in.readUTF());
            }
            String preferred = nullable(in);
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

    private static void nullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String nullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
