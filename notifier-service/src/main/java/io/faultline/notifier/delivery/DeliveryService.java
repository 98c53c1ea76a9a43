package io.faultline.notifier.delivery;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.notifier.delivery.email.EmailGateway;
import io.faultline.notifier.delivery.sms.SmppGateway;
import io.faultline.notifier.messages.MessageCatalog;
import io.faultline.notifier.messages.RenderedNotice;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.notifier.receipts.ReceiptPublisher;
import io.faultline.notifier.receipts.SentSmsRegistry;
import io.faultline.notifier.receipts.SentSmsRegistry.SentNotice;
import io.faultline.notifier.streams.NotifierMetrics;
import io.faultline.platform.logging.PersonalDataMasking;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders and sends one notice on its channel and publishes the outcome. SMS delivery receipts from the SMSC are
 * matched back to their notice and published as DELIVERED or FAILED.
 */
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final MessageCatalog catalog;
    private final SmppGateway sms;
    private final EmailGateway email;
    private final SentSmsRegistry sent;
    private final ReceiptPublisher receipts;
    private final NotifierMetrics metrics;
    private final NotifierProperties properties;

    public DeliveryService(MessageCatalog catalog, SmppGateway sms, EmailGateway email, SentSmsRegistry sent,
                           ReceiptPublisher receipts, NotifierMetrics metrics, NotifierProperties properties) {
        this.catalog = catalog;
        this.sms = sms;
        this.email = email;
        this.sent = sent;
        this.receipts = receipts;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * Sends the notice and returns its ACCEPTED receipt; throws when the channel refused it, so the caller can
     * retry. Each SMS part's message id is registered as soon as the SMSC answers, before the next part is
     * submitted, so an early delivery receipt still finds its notice.
     */
    public NoticeReceipt send(NoticeRequest notice) throws Exception {
        RenderedNotice rendered = catalog.render(notice);
        String providerId;
        if (notice.channel() == NoticeChannel.SMS) {
            List<String> ids = sms.submit(sender(notice.brand()), notice.address(), rendered.body(),
                    Instant.now().plus(properties.sms().validity()),
                    notice.kind() == NoticeKind.OUTAGE ? SmppGateway.replaceSlotOf(notice.outageId()) : null,
                    id -> sent.sent(id, notice));
            metrics.smsSegments(ids.size());
            providerId = ids.getFirst();
        } else {
            providerId = email.send(notice.address(), rendered, notice.noticeId());
        }
        log.debug("Sent {} notice {} to {}", notice.channel(), notice.noticeId(), mask(notice));
        return receipt(notice, NoticeState.ACCEPTED, providerId, null);
    }

    /** Publishes the outcome of a successful send. */
    public void accepted(NoticeReceipt receipt) {
        receipts.publish(receipt);
    }

    /**
     * Publishes again the receipt of a notice sent before a crash and redelivered since: it is not sent twice, and
     * its receipt, which the crash may have lost, is not missing (receipt consumers dedupe on the notice id).
     */
    public void alreadySent(NoticeReceipt accepted) {
        log.debug("Not sending {} notice {} again: sent before a restart", accepted.channel(), accepted.noticeId());
        metrics.resendAvoided(accepted.channel());
        receipts.publish(accepted);
    }

    /** Records that the notice could not be sent after all retries. */
    public void failed(NoticeRequest notice, Exception error) {
        log.warn("Giving up {} notice {} to {}: {}", notice.channel(), notice.noticeId(), mask(notice),
                PersonalDataMasking.mask(String.valueOf(error.getMessage())));
        receipts.publish(receipt(notice, NoticeState.FAILED, null, String.valueOf(error.getMessage())));
    }

    /** Records that the notice was not sent because a later stage of its outage overtook it while it queued. */
    public void superseded(NoticeRequest notice, String by) {
        log.debug("Not sending {} notice {}: superseded by {}", notice.channel(), notice.noticeId(), by);
        receipts.publish(receipt(notice, NoticeState.SUPPRESSED, null, "superseded by " + by));
    }

    /** Called for each final SMSC delivery receipt; intermediate states are ignored by the gateway. */
    public void onSmsReceipt(SmppGateway.Receipt receipt) {
        sent.receiptFor(receipt.messageId()).ifPresent(notice -> receipts.publish(receipt(notice, NoticeChannel.SMS,
                receipt.delivered() ? NoticeState.DELIVERED : NoticeState.FAILED, receipt.messageId(),
                receipt.delivered() ? null : "SMSC status " + receipt.status() + " err " + receipt.error())));
    }

    private String sender(String brand) {
        String name = properties.brands().getOrDefault(brand, brand).replaceAll("[^A-Za-z0-9]", "");
        return name.length() > 11 ? name.substring(0, 11) : name;
    }

    private static String mask(NoticeRequest notice) {
        return notice.channel() == NoticeChannel.SMS ? PersonalDataMasking.msisdn(notice.address())
                : PersonalDataMasking.email(notice.address());
    }

    private static NoticeReceipt receipt(NoticeRequest notice, NoticeState state, String providerId, String detail) {
        return receipt(SentNotice.of(notice), notice.channel(), state, providerId, detail);
    }

    private static NoticeReceipt receipt(SentNotice notice, NoticeChannel channel, NoticeState state,
                                         String providerId, String detail) {
        return new NoticeReceipt(notice.noticeId(), notice.subscriberId(), notice.outageId(), notice.outageVersion(),
                notice.stage(), channel, state, providerId, detail, Instant.now(), notice.kind());
    }
}
