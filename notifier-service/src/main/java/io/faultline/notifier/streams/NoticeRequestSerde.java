package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.platform.streams.BinaryIn;
import io.faultline.platform.streams.BinaryOut;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * The notice requests on {@code faultline.notifier.notice-requests} in binary: a fan-out writes one per customer
 * (32M in a national outage), so no JSON writer in its loop and less for the broker to store. Enums by name.
 * Records written as JSON by an earlier version are still read ({@link BinaryStoreSerde}). Since notices travel in
 * batches ({@link NoticeBatchSerde}), this single-notice form is what a batch reads from a record of an earlier
 * version.
 */
public final class NoticeRequestSerde {

    private static final byte FORMAT = 1;

    private NoticeRequestSerde() {
    }

    static Serde<NoticeRequest> create() {
        return BinaryStoreSerde.of(NoticeRequest.class, NoticeRequestSerde::write, NoticeRequestSerde::read);
    }

    static byte[] write(NoticeRequest notice) {
        if (notice.kind() != NoticeKind.OUTAGE) {
            throw new IllegalArgumentException("format 1 holds outage notices only: " + notice.noticeId());
        }
        BinaryOut out = new BinaryOut(256);
        out.writeByte(FORMAT);
        writeFields(out, notice);
        return out.toByteArray();
    }

    static NoticeRequest read(byte[] bytes) {
        BinaryIn in = new BinaryIn(bytes);
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown notice request format " + format);
        }
        return readFields(in);
    }

    /** Every field of one notice, in the order of format 1. */
    static void writeFields(BinaryOut out, NoticeRequest notice) {
        out.writeText(notice.noticeId());
        out.writeText(notice.outageId());
        out.writeLong(notice.outageVersion());
        out.writeText(notice.stage().name());
        out.writeText(notice.subscriberId());
        out.writeText(notice.channel().name());
        out.writeText(notice.address());
        out.writeText(notice.locale());
        out.writeText(notice.brand());
        out.writeBoolean(notice.vulnerable());
        out.writeText(notice.title());
        writeServices(out, notice.services());
        writeInstant(out, notice.startedAt());
        writeInstant(out, notice.endedAt());
        writeInstant(out, notice.decidedAt());
        writeInstant(out, notice.eta());
        out.writeText(notice.publicMessage());
    }

    static NoticeRequest readFields(BinaryIn in) {
        try {
            String noticeId = in.readText();
            String outageId = in.readText();
            long version = in.readLong();
            OutageStatus stage = OutageStatus.valueOf(in.readText());
            String subscriberId = in.readText();
            NoticeChannel channel = NoticeChannel.valueOf(in.readText());
            String address = in.readText();
            String locale = in.readText();
            String brand = in.readText();
            boolean vulnerable = in.readBoolean();
            String title = in.readText();
            Set<Service> services = readServices(in);
            Instant startedAt = readInstant(in);
            Instant endedAt = readInstant(in);
            Instant decidedAt = readInstant(in);
            Instant eta = readInstant(in);
            String publicMessage = in.readText();
            return new NoticeRequest(noticeId, outageId, version, stage, subscriberId, channel, address, locale,
                    brand, vulnerable, title, services, startedAt, endedAt, decidedAt, eta, publicMessage);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("unreadable notice request", e);
        }
    }

    static void writeServices(BinaryOut out, Set<Service> services) {
        out.writeInt(services.size());
        for (Service service : services) {
            out.writeText(service.name());
        }
    }

    static Set<Service> readServices(BinaryIn in) {
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (int i = in.readInt(); i > 0; i--) {
            services.add(Service.valueOf(in.readText()));
        }
        return Collections.unmodifiableSet(services);
    }

    static void writeInstant(BinaryOut out, Instant instant) {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    static Instant readInstant(BinaryIn in) {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

}
