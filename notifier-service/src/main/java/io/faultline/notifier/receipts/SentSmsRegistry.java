package io.faultline.notifier.receipts;

import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.notifier.delivery.sms.SmppGateway;
import io.faultline.notifier.policy.NoticeRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which notice each SMSC message id belongs to, so that delivery receipts can be matched. Every part
 * of a concatenated SMS is registered; the first final receipt of any part decides the notice's outcome and
 * forgets its other parts, including parts whose submit answer comes after that receipt, so a notice gets one
 * DELIVERED or FAILED receipt. Bounded: the oldest entries are
 * forgotten first (receipts arrive within minutes; a very late receipt is ignored).
 */
public final class SentSmsRegistry {

    /**
     * What a delivery receipt needs of its notice, and no more: the registry holds one per SMS part in flight, up
     * to its capacity (a million by default), so the title, address and texts of the notice are not kept.
     */
    public record SentNotice(String noticeId, String subscriberId, String outageId, long outageVersion,
                             OutageStatus stage, NoticeKind kind) {

        public static SentNotice of(NoticeRequest notice) {
            return new SentNotice(notice.noticeId(), notice.subscriberId(), notice.outageId(),
                    notice.outageVersion(), notice.stage(), notice.kind());
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, SentNotice> byMessageId = new LinkedHashMap<>(1024);
    private final Map<String, List<String>> partsByNotice = new HashMap<>();
    private final LinkedHashMap<String, Boolean> decided = new LinkedHashMap<>(1024);

    public SentSmsRegistry(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void sent(String messageId, NoticeRequest notice) {
        if (decided.containsKey(notice.noticeId())) {
            return;
        }
        List<String> parts = partsByNotice.computeIfAbsent(notice.noticeId(), k -> new ArrayList<>(2));
        SentNotice sent = parts.isEmpty() ? SentNotice.of(notice) : byMessageId.get(parts.getFirst());
        byMessageId.put(messageId, sent == null ? SentNotice.of(notice) : sent);
        parts.add(messageId);
        while (byMessageId.size() > capacity) {
            var eldest = byMessageId.entrySet().iterator().next();
            forget(eldest.getValue().noticeId());
        }
    }

    /**
     * The notice a receipt belongs to, trying the id as received first and then its other usual renderings
     * (see {@link SmppGateway#idCandidates}). The notice is forgotten: one final receipt per notice.
     */
    public synchronized Optional<SentNotice> receiptFor(String messageId) {
        for (String candidate : SmppGateway.idCandidates(messageId)) {
            SentNotice notice = byMessageId.get(candidate);
            if (notice != null) {
                forget(notice.noticeId());
                decided.put(notice.noticeId(), Boolean.TRUE);
                if (decided.size() > capacity) {
                    decided.remove(decided.keySet().iterator().next());
                }
                return Optional.of(notice);
            }
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return byMessageId.size();
    }

    private void forget(String noticeId) {
        List<String> parts = partsByNotice.remove(noticeId);
        if (parts != null) {
            parts.forEach(byMessageId::remove);
        }
    }
}
