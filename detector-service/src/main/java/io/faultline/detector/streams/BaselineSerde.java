package io.faultline.detector.streams;

import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.platform.streams.BinaryStoreSerde;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Store serde of {@link HourOfWeekBaseline}, written each time a bucket teaches it (in a backlog, about once per
 * complaint): a fixed binary form (a format byte, the three slot arrays, the recent levels, the count and the last
 * learned bucket) of 4,077 bytes, rather than twice that of JSON whose number formatting was a tenth of the
 * detector's work. Reads the JSON form too, so a changelog written before it still restores.
 */
final class BaselineSerde {

    private static final byte FORMAT_V1 = 1;

    private BaselineSerde() {
    }

    static Serde<HourOfWeekBaseline> serde() {
        return BinaryStoreSerde.of(HourOfWeekBaseline.class, BaselineSerde::write, BaselineSerde::read);
    }

    static byte[] write(HourOfWeekBaseline baseline) {
        int slots = HourOfWeekBaseline.SLOTS;
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 3 * 8 * slots + 3 * 8 + 8 + 8);
        out.put(FORMAT_V1).putInt(slots);
        for (double[] values : new double[][] {baseline.slotWeights(), baseline.slotMeans(), baseline.slotVariances()}) {
            for (double value : values) {
                out.putDouble(value);
            }
        }
        out.putDouble(baseline.recentMean()).putDouble(baseline.recentVariance()).putDouble(baseline.slowMean())
                .putLong(baseline.learnedBuckets())
                .putLong(baseline.lastLearnedMs());
        return out.array();
    }

    static HourOfWeekBaseline read(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT_V1) {
                throw new IllegalArgumentException("unknown baseline format " + format);
            }
            int slots = in.getInt();
            if (slots != HourOfWeekBaseline.SLOTS) {
                throw new IllegalArgumentException("a baseline with " + slots + " slots");
            }
            double[][] arrays = new double[3][slots];
            for (double[] values : arrays) {
                for (int i = 0; i < slots; i++) {
                    values[i] = in.getDouble();
                }
            }
            double recentMean = in.getDouble();
            double recentVariance = in.getDouble();
            double slowMean = in.getDouble();
            long learnedBuckets = in.getLong();
            long lastLearnedMs = in.getLong();
            return new HourOfWeekBaseline(arrays[0], arrays[1], arrays[2], recentMean, recentVariance, slowMean,
                    learnedBuckets, lastLearnedMs);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("unreadable baseline: " + bytes.length + " bytes", e);
        }
    }
}
