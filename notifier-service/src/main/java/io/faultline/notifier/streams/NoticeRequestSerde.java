package io.faultline.notifier.streams;

import static io.faultline.platform.streams.BinaryStoreSerde.readText;
import static io.faultline.platform.streams.BinaryStoreSerde.writeText;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * The notice requests on {@code faultline.notifier.notice-requests} in binary: a fan-out writes one per customer
 * (32M in a national outage), so no JSON writer in its loop and less for the broker to store. Enums by name.
 * Records written as JSON by an earlier version are still read ({@link BinaryStoreSerde}).
 */
public final class NoticeRequestSerde {

    private static final byte FORMAT = 1;

    private NoticeRequestSerde() {
    }

    public static Serde<NoticeRequest> create() {
        return BinaryStoreSerde.of(NoticeRequest.class, NoticeRequestSerde::write, NoticeRequestSerde::read);
    }

    static byte[] write(NoticeRequest notice) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeText(out, notice.noticeId());
            writeText(out, notice.outageId());
            out.writeLong(notice.outageVersion());
            writeText(out, notice.stage().name());
            writeText(out, notice.subscriberId());
            writeText(out, notice.channel().name());
            writeText(out, notice.address());
            writeText(out, notice.locale());
            writeText(out, notice.brand());
            out.writeBoolean(notice.vulnerable());
            writeText(out, notice.title());
            out.writeInt(notice.services().size());
            for (Service service : notice.services()) {
                writeText(out, service.name());
            }
            instant(out, notice.startedAt());
            instant(out, notice.endedAt());
            instant(out, notice.decidedAt());
            instant(out, notice.eta());
            writeText(out, notice.publicMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static NoticeRequest read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown notice request format " + format);
            }
            String noticeId = readText(in);
            String outageId = readText(in);
            long version = in.readLong();
            OutageStatus stage = OutageStatus.valueOf(readText(in));
            String subscriberId = readText(in);
            NoticeChannel channel = NoticeChannel.valueOf(readText(in));
            String address = readText(in);
            String locale = readText(in);
            String brand = readText(in);
            boolean vulnerable = in.readBoolean();
            String title = readText(in);
            Set<Service> services = EnumSet.noneOf(Service.class);
            for (int i = in.readInt(); i > 0; i--) {
                services.add(Service.valueOf(readText(in)));
            }
            Instant startedAt = instant(in);
            Instant endedAt = instant(in);
            Instant decidedAt = instant(in);
            Instant eta = instant(in);
            String publicMessage = readText(in);
            return new NoticeRequest(noticeId, outageId, version, stage, subscriberId, channel, address, locale,
                    brand, vulnerable, title, services, startedAt, endedAt, decidedAt, eta, publicMessage);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable notice request", e);
        }
    }

    private static void instant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

}
