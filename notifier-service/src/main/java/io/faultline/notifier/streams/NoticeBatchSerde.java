package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.platform.streams.BinaryIn;
import io.faultline.platform.streams.BinaryOut;
import io.faultline.platform.streams.JsonStoreSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The records of {@code faultline.notifier.notice-requests}: batches of notices in binary (format 2). A format byte,
 * the number of notices as an int, then each notice: a flag telling whether its outage fields (outage, version,
 * title, services, times, ETA, public message) are those of the notice before it, those fields when they are not,
 * then its own (notice id, stage, subscriber, channel, address, locale, brand, vulnerable). A fan-out batch tells
 * one outage event, so its outage fields are written once. Enums by name.
 *
 * <p>Records of earlier versions still read, as batches of one: a single notice in binary (format 1,
 * {@link NoticeRequestSerde}) or as JSON.
 */
public final class NoticeBatchSerde {

    static final byte FORMAT = 2;
    private static final byte JSON_OBJECT = '{';

    private NoticeBatchSerde() {
    }

    public static Serde<NoticeBatch> create() {
        Deserializer<NoticeRequest> json = JsonStoreSerde.of(NoticeRequest.class).deserializer();
        return Serdes.serdeFrom((topic, batch) -> batch == null ? null : write(batch), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON_OBJECT) {
                return NoticeBatch.of(json.deserialize(topic, bytes));
            }
            return read(bytes);
        });
    }

    /** How many notices a record holds, read from its header alone (0 for a tombstone). */
    public static int countOf(byte[] bytes) {
        if (bytes == null) {
            return 0;
        }
        return bytes.length > 0 && bytes[0] == FORMAT ? new BinaryIn(bytes).skip(1).readInt() : 1;
    }

    /** One buffer per thread, reused batch after batch: a batch is tens of kilobytes. */
    private static final ThreadLocal<BinaryOut> BUFFER = ThreadLocal.withInitial(() -> new BinaryOut(64 * 1024));

    static byte[] write(NoticeBatch batch) {
        List<NoticeRequest> notices = batch.notices();
        BinaryOut out = BUFFER.get().reset();
        out.writeByte(FORMAT);
        out.writeInt(notices.size());
        NoticeRequest previous = null;
        for (NoticeRequest notice : notices) {
            boolean sameOutage = previous != null && sameOutage(previous, notice);
            out.writeBoolean(sameOutage);
            if (!sameOutage) {
                out.writeText(notice.outageId());
                out.writeLong(notice.outageVersion());
                out.writeText(notice.title());
                NoticeRequestSerde.writeServices(out, notice.services());
                NoticeRequestSerde.writeInstant(out, notice.startedAt());
                NoticeRequestSerde.writeInstant(out, notice.endedAt());
                NoticeRequestSerde.writeInstant(out, notice.decidedAt());
                NoticeRequestSerde.writeInstant(out, notice.eta());
                out.writeText(notice.publicMessage());
            }
            out.writeText(notice.noticeId());
            out.writeEnum(notice.stage());
            out.writeText(notice.subscriberId());
            out.writeEnum(notice.channel());
            out.writeText(notice.address());
            out.writeText(notice.locale());
            out.writeText(notice.brand());
            out.writeBoolean(notice.vulnerable());
            previous = notice;
        }
        return out.toByteArray();
    }

    static NoticeBatch read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == 1) {
            return NoticeBatch.of(NoticeRequestSerde.read(bytes));
        }
        try {
            BinaryIn in = new BinaryIn(bytes);
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown notice batch format " + format);
            }
            int count = in.readInt();
            if (count < 1 || count > bytes.length) {
                throw new IllegalStateException("a notice batch of " + count + " notices in " + bytes.length
                        + " bytes");
            }
            List<NoticeRequest> notices = new ArrayList<>(count);
            NoticeRequest previous = null;
            for (int i = 0; i < count; i++) {
                boolean sameOutage = in.readBoolean();
                if (sameOutage && previous == null) {
                    throw new IllegalStateException("the first notice of a batch refers to a notice before it");
                }
                NoticeRequest outage = sameOutage ? previous : new NoticeRequest(null, in.readText(), in.readLong(),
                        null, null, null, null, null, null, false, in.readText(), NoticeRequestSerde.readServices(in),
                        NoticeRequestSerde.readInstant(in), NoticeRequestSerde.readInstant(in),
                        NoticeRequestSerde.readInstant(in), NoticeRequestSerde.readInstant(in), in.readText());
                NoticeRequest notice = new NoticeRequest(in.readText(), outage.outageId(), outage.outageVersion(),
                        in.readEnum(OutageStatus.class), in.readText(),
                        in.readEnum(NoticeChannel.class), in.readText(),
                        in.readText(), in.readText(), in.readBoolean(), outage.title(), outage.services(),
                        outage.startedAt(), outage.endedAt(), outage.decidedAt(), outage.eta(),
                        outage.publicMessage());
                notices.add(notice);
                previous = notice;
            }
            if (!in.atEnd()) {
                throw new IllegalStateException("bytes left after the last notice of a batch");
            }
            return new NoticeBatch(notices);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("unreadable notice batch", e);
        }
    }

    private static boolean sameOutage(NoticeRequest a, NoticeRequest b) {
        return a.outageVersion() == b.outageVersion() && Objects.equals(a.outageId(), b.outageId())
                && Objects.equals(a.title(), b.title()) && Objects.equals(a.services(), b.services())
                && Objects.equals(a.startedAt(), b.startedAt()) && Objects.equals(a.endedAt(), b.endedAt())
                && Objects.equals(a.decidedAt(), b.decidedAt()) && Objects.equals(a.eta(), b.eta())
                && Objects.equals(a.publicMessage(), b.publicMessage());
    }
}
