package io.faultline.notifier.receipts;

import io.faultline.notifier.policy.NoticeRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which notice each SMSC message id belongs to, so that delivery receipts can be matched. Bounded:
 * the oldest entries are forgotten first (receipts arrive within minutes; a very late receipt is ignored).
 */
public final class SentSmsRegistry {

    private final Map<String, NoticeRequest> byMessageId;

    public SentSmsRegistry(int capacity) {
        this.byMessageId = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NoticeRequest> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void sent(String messageId, NoticeRequest notice) {
        byMessageId.put(messageId, notice);
    }

    public synchronized Optional<NoticeRequest> receiptFor(String messageId) {
        return Optional.ofNullable(byMessageId.remove(messageId));
    }
}
