package io.faultline.common.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Headers of a record on a {@code TOPIC.dlt} topic. The names are those of Spring Kafka's
 * DeadLetterPublishingRecoverer, so every service's dead letters read the same.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    /** Which service rejected the record. */
    public static final String REJECTED_BY = "faultline_dlt-rejected-by";
    /** The root cause in words: what is wrong with the record. The header to read first. */
    public static final String REASON = "faultline_dlt-reason";

    private DeadLetterHeaders() {
    }

    /** Adds the reason and origin of a rejected record to its headers. */
    public static void describe(Headers headers, String topic, int partition, long offset, Throwable reason,
                                String rejectedBy) {
        headers.remove(ORIGINAL_TOPIC).add(ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.remove(ORIGINAL_PARTITION).add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
        headers.remove(ORIGINAL_OFFSET).add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
        headers.remove(EXCEPTION_FQCN).add(EXCEPTION_FQCN, reason.getClass().getName().getBytes(StandardCharsets.UTF_8));
        String message = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        headers.remove(EXCEPTION_MESSAGE).add(EXCEPTION_MESSAGE, message.getBytes(StandardCharsets.UTF_8));
        headers.remove(REJECTED_BY).add(REJECTED_BY, rejectedBy.getBytes(StandardCharsets.UTF_8));
        headers.remove(REASON).add(REASON, reasonOf(reason).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The message that says what is wrong: the first {@link InvalidEventException} in the cause chain if there is
     * one (it names the field), otherwise the deepest cause that has a message (wrappers such as "listener
     * threw exception" say nothing about the record).
     */
    public static String reasonOf(Throwable error) {
        String deepest = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidEventException) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                deepest = t.getMessage();
            }
        }
        return deepest == null ? error.getClass().getSimpleName() : deepest;
    }
}
