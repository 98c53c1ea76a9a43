package io.faultline.notifier.receipts;

import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.topics.Topics;
import io.faultline.notifier.streams.NotifierMetrics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes every notice outcome on notice.receipts.v1, keyed by subscriber id. */
@Component
public class ReceiptPublisher {

    private final KafkaTemplate<String, NoticeReceipt> receipts;
    private final NotifierMetrics metrics;

    public ReceiptPublisher(KafkaTemplate<String, NoticeReceipt> receiptTemplate, NotifierMetrics metrics) {
        this.receipts = receiptTemplate;
        this.metrics = metrics;
    }

    public void publish(NoticeReceipt receipt) {
        metrics.notice(receipt.channel(), receipt.state());
        receipts.send(Topics.NOTICE_RECEIPTS.name(), receipt.subscriberId(), receipt);
    }

    /** Blocks until every receipt sent so far is acknowledged by the broker. */
    public void flush() {
        receipts.flush();
    }
}
