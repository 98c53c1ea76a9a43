package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.platform.streams.BinaryIn;
import io.faultline.platform.streams.BinaryOut;
import io.faultline.platform.streams.JsonStoreSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The records of {@code faultline.notifier.notice-requests}: batches of notices in binary (format 2). A format byte,
 * the number of notices as an int, then each notice: a flag telling whether what it is about (kind, outage or hold
 * id, version, title, services, times, ETA, public message, and for an invoice hold the invoice, its total and
 * currency) is what the notice before it is about, those fields when it is not, then its own (notice id, stage,
 * subscriber, channel, address, locale, brand, vulnerable). A fan-out batch tells one outage event, so its outage
 * fields are written once. Enums by name.
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
        Subject previous = null;
        for (NoticeRequest notice : notices) {
            Subject subject = Subject.of(notice);
            boolean same = subject.equals(previous);
            out.writeBoolean(same);
            if (!same) {
                subject.write(out);
            }
            out.writeText(notice.noticeId());
            out.writeEnum(notice.stage());
            out.writeText(notice.subscriberId());
            out.writeEnum(notice.channel());
            out.writeText(notice.address());
            out.writeText(notice.locale());
            out.writeText(notice.brand());
            out.writeBoolean(notice.vulnerable());
            previous = subject;
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
            Subject subject = null;
            for (int i = 0; i < count; i++) {
                boolean same = in.readBoolean();
                if (same && subject == null) {
                    throw new IllegalStateException("the first notice of a batch refers to a notice before it");
                }
                subject = same ? subject : Subject.read(in);
                notices.add(new NoticeRequest(in.readText(), subject.outageId(), subject.version(),
                        in.readEnum(OutageStatus.class), in.readText(), in.readEnum(NoticeChannel.class),
                        in.readText(), in.readText(), in.readText(), in.readBoolean(), subject.title(),
                        subject.services(), subject.startedAt(), subject.endedAt(), subject.decidedAt(),
                        subject.eta(), subject.publicMessage(), subject.kind(), subject.invoice()));
            }
            if (!in.atEnd()) {
                throw new IllegalStateException("bytes left after the last notice of a batch");
            }
            return new NoticeBatch(notices);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("unreadable notice batch", e);
        }
    }

    /** What a notice is about, shared by every notice of a fan-out batch: written once per change. */
    private record Subject(NoticeKind kind, String outageId, long version, String title, Set<Service> services,
                           Instant startedAt, Instant endedAt, Instant decidedAt, Instant eta, String publicMessage,
                           NoticeRequest.HeldInvoice invoice) {

        static Subject of(NoticeRequest notice) {
            return new Subject(notice.kind(), notice.outageId(), notice.outageVersion(), notice.title(),
                    notice.services(), notice.startedAt(), notice.endedAt(), notice.decidedAt(), notice.eta(),
                    notice.publicMessage(), notice.invoice());
        }

        void write(BinaryOut out) {
            out.writeEnum(kind);
            out.writeText(outageId);
            out.writeLong(version);
            out.writeText(title);
            NoticeRequestSerde.writeServices(out, services);
            NoticeRequestSerde.writeInstant(out, startedAt);
            NoticeRequestSerde.writeInstant(out, endedAt);
            NoticeRequestSerde.writeInstant(out, decidedAt);
            NoticeRequestSerde.writeInstant(out, eta);
            out.writeText(publicMessage);
            if (kind == NoticeKind.INVOICE_HOLD) {
                out.writeText(invoice.invoiceId());
                out.writeLong(invoice.amountMinor());
                out.writeText(invoice.currency());
            }
        }

        static Subject read(BinaryIn in) {
            NoticeKind kind = in.readEnum(NoticeKind.class);
            String outageId = in.readText();
            long version = in.readLong();
            String title = in.readText();
            Set<Service> services = NoticeRequestSerde.readServices(in);
            Instant startedAt = NoticeRequestSerde.readInstant(in);
            Instant endedAt = NoticeRequestSerde.readInstant(in);
            Instant decidedAt = NoticeRequestSerde.readInstant(in);
            Instant eta = NoticeRequestSerde.readInstant(in);
            String publicMessage = in.readText();
            NoticeRequest.HeldInvoice invoice = kind == NoticeKind.INVOICE_HOLD
                    ? new NoticeRequest.HeldInvoice(in.readText(), in.readLong(), in.readText()) : null;
            return new Subject(kind, outageId, version, title, services, startedAt, endedAt, decidedAt, eta,
                    publicMessage, invoice);
        }
    }

}
