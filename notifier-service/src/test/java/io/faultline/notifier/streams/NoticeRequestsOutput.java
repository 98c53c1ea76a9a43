package io.faultline.notifier.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticeRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The notice-requests topic of a {@link TopologyTestDriver}, read as the notices its batches hold, in order. Each
 * read also checks what every batch must be: keyed by its task's partition, and no larger than the batch size.
 */
final class NoticeRequestsOutput {

    private final org.apache.kafka.streams.TestOutputTopic<String, NoticeBatch> topic;
    private final int batchSize;
    private int records;

    NoticeRequestsOutput(TopologyTestDriver driver, int batchSize) {
        this.topic = driver.createOutputTopic(NotifierTopology.NOTICE_REQUESTS_TOPIC, new StringDeserializer(),
                NoticeBatchSerde.create().deserializer());
        this.batchSize = batchSize;
    }

    /** Every notice emitted since the last read. */
    List<NoticeRequest> readValuesToList() {
        List<NoticeRequest> notices = new ArrayList<>();
        for (TestRecord<String, NoticeBatch> record : topic.readRecordsToList()) {
            assertThat(record.key()).as("a batch is keyed by its task's partition").isEqualTo("0");
            assertThat(record.value().notices()).hasSizeLessThanOrEqualTo(batchSize);
            notices.addAll(record.value().notices());
            records++;
        }
        return notices;
    }

    boolean isEmpty() {
        return topic.isEmpty();
    }

    /** Records (batches) read so far. */
    int recordsRead() {
        return records;
    }
}
