package io.faultline.notifier.streams;

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
import java.nio.charset.StandardCharsets;
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
            out.writeUTF(notice.noticeId());
            out.writeUTF(notice.outageId());
            out.writeLong(notice.outageVersion());
            out.writeUTF(notice.stage().name());
            out.writeUTF(notice.subscriberId());
            out.writeUTF(notice.channel().name());
            out.writeUTF(notice.address());
            nullable(out, notice.locale());
            out.writeUTF(notice.brand());
            out.writeBoolean(notice.vulnerable());
            out.writeUTF(notice.title());
            out.writeByte(notice.services().size());
            for (Service service : notice.services()) {
                out.writeUTF(service.name());
            }
            instant(out, notice.startedAt());
            instant(out, notice.endedAt());
            instant(out, notice.decidedAt());
            instant(out, notice.eta());
            out.writeBoolean(notice.publicMessage() != null);
            if (notice.publicMessage() != null) {
                byte[] text = notice.publicMessage().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
            }
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
            String noticeId = in.readUTF();
            String outageId = in.readUTF();
            long version = in.readLong();
            OutageStatus stage = OutageStatus.valueOf(in.readUTF());
            String subscriberId = in.readUTF();
            NoticeChannel channel = NoticeChannel.valueOf(in.readUTF());
            String address = in.readUTF();
            String locale = nullable(in);
            String brand = in.readUTF();
            boolean vulnerable = in.readBoolean();
            String title = in.readUTF();
            Set<Service> services = EnumSet.noneOf(Service.class);
            for (int i = in.readByte(); i > 0; i--) {
                services.add(Service.valueOf(in.readUTF()));
            }
            Instant startedAt = instant(in);
            Instant endedAt = instant(in);
            Instant decidedAt = instant(in);
            Instant eta = instant(in);
            String publicMessage = null;
            if (in.readBoolean()) {
                byte[] text = new byte[in.readInt()];
                in.readFully(text);
                publicMessage = new String(text, StandardCharsets.UTF_8);
            }
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
