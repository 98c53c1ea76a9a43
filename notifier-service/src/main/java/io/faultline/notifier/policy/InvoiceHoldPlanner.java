package io.faultline.notifier.policy;

import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.Subscriber;
import java.util.Set;

/**
 * Decides how to tell one line of an account that the account's invoice is held by the bill-shock guard: on the
 * customer's preferred channel when it has an address, otherwise SMS before email (no outage stands in the way).
 * A held invoice is about the customer's money, so it is always sent: an opt-out of non-critical notices does not
 * apply. A line the notifier does not know, one that has left the account since compensation named it (its total is
 * not theirs to see), or one with no address, is recorded as suppressed with the reason.
 * Pure: the caller keeps the record of what was decided.
 */
public final class InvoiceHoldPlanner {

    static final String UNKNOWN_LINE = "the line is not in the notifier's subscriber base";
    static final String OTHER_ACCOUNT = "the line is no longer on the account of the held invoice";

    private final ChannelPolicy channels = new ChannelPolicy();

    /**
     * The notice to one line of the account, or its suppression.
     *
     * @param hold       the hold, naming the line
     * @param lineId     the line (subscriber id) to tell
     * @param subscriber that line's record, null when the notifier does not know it
     */
    public NoticePlanner.Planned plan(InvoiceHeld hold, String lineId, Subscriber subscriber) {
        if (subscriber == null) {
            return suppressed(hold, lineId, NoticeChannel.STATUS_PAGE, UNKNOWN_LINE);
        }
        if (!hold.accountId().equals(subscriber.billingAccount())) {
            return suppressed(hold, lineId, NoticeChannel.STATUS_PAGE, OTHER_ACCOUNT);
        }
        ChannelDecision decision = channels.chooseAnyWorking(subscriber);
        if (decision.suppressed()) {
            return suppressed(hold, lineId, NoticeChannel.STATUS_PAGE, decision.suppressionReason());
        }
        NoticeChannel channel = decision.channel();
        String address = channel == NoticeChannel.SMS ? subscriber.msisdn() : subscriber.email();
        return new NoticePlanner.Planned(new NoticeRequest(NoticeReceipt.noticeIdOfHold(hold.holdId(), lineId, channel),
                hold.holdId(), 0, null, lineId, channel, address, subscriber.locale(), subscriber.brand(),
                subscriber.vulnerable(), null, Set.of(), hold.heldAt(), null, hold.heldAt(), null, null,
                NoticeKind.INVOICE_HOLD, new NoticeRequest.HeldInvoice(hold.invoiceId(), hold.amountMinor(),
                hold.currency())), null);
    }

    /** The key under which the decision for one line of a hold is kept: a replayed hold tells nobody twice. */
    public static String decisionKey(InvoiceHeld hold, String lineId) {
        return hold.holdId() + ":" + lineId;
    }

    private static NoticePlanner.Planned suppressed(InvoiceHeld hold, String lineId, NoticeChannel channel,
                                                    String reason) {
        return new NoticePlanner.Planned(null, new NoticeReceipt(NoticeReceipt.noticeIdOfHold(hold.holdId(), lineId,
                channel), lineId, hold.holdId(), 0, null, channel, NoticeState.SUPPRESSED, null, reason,
                hold.heldAt(), NoticeKind.INVOICE_HOLD));
    }
}
