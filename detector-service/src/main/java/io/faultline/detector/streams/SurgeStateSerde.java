package io.faultline.detector.streams;

import io.faultline.common.events.Service;
import io.faultline.detector.complaints.SurgeDetectorState;
import io.faultline.detector.complaints.SurgeDetectorState.BucketCount;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * Store serde of {@link SurgeDetectorState}, written once per complaint: a small binary form (a format byte, then
 * the fields; instants as epoch seconds and nanoseconds, absent ones flagged) rather than JSON, whose writing was
 * a tenth of the detector's work. Reads the JSON form too, so a changelog written before it still restores.
 */
final class SurgeStateSerde {

    private static final byte FORMAT_V1 = 1;

    private SurgeStateSerde() {
    }

    static Serde<SurgeDetectorState> serde() {
        return BinaryStoreSerde.of(SurgeDetectorState.class, SurgeStateSerde::write, SurgeStateSerde::read);
    }

    static byte[] write(SurgeDetectorState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * state.buckets().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(state.region());
            out.writeUTF(state.service().name());
            writeInstant(out, state.observedFrom());
            writeInstant(out, state.closedUntil());
            writeInstant(out, state.latestComplaintAt());
            writeInstant(out, state.onsetAt());
            writeInstant(out, state.runsFrom());
            out.writeInt(state.buckets().size());
            for (BucketCount bucket : state.buckets()) {
                writeInstant(out, bucket.start());
                out.writeLong(bucket.uniqueComplainants());
                out.writeBoolean(bucket.inSurge());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SurgeDetectorState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new IllegalArgumentException("unknown surge state format " + format);
            }
            String region = in.readUTF();
            Service service = Service.valueOf(in.readUTF());
            Instant observedFrom = readInstant(in);
            Instant closedUntil = readInstant(in);
            Instant latestComplaintAt = readInstant(in);
            Instant onsetAt = readInstant(in);
            Instant runsFrom = readInstant(in);
            int count = in.readInt();
            List<BucketCount> buckets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                buckets.add(new BucketCount(readInstant(in), in.readLong(), in.readBoolean()));
            }
            return new SurgeDetectorState(region, service, observedFrom, closedUntil, latestComplaintAt, buckets,
                    onsetAt, runsFrom);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable surge state", e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
