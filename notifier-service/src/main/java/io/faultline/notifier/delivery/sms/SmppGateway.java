package io.faultline.notifier.delivery.sms;

import io.faultline.notifier.delivery.NotifierProperties;
import io.faultline.notifier.messages.SmsEncoding;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.AbsoluteTimeFormatter;
import org.jsmpp.util.DeliveryReceiptState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMPP 3.4 transceiver binds to the SMSC ({@code faultline.notifier.sms.binds}, one by default): submits messages
 * (concatenated parts with a UDH, all parts of a message on the same bind, messages round robin over the binds), asks
 * for delivery receipts, which arrive on any bind, and rebinds a bind whose link dropped at once, in the background
 * (1 s, doubling up to 30 s between attempts), so that receipts keep flowing while nothing is being sent. Thread-safe:
 * submits from several threads share each bind's window.
 * Submits never exceed {@code faultline.notifier.sms.tps} per second ({@link TpsLimiter}); a submit the SMSC refuses
 * with ESME_RTHROTTLED or ESME_RMSGQFUL is held back with {@link ThrottleBackoff} and submitted again.
 */
public final class SmppGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppGateway.class);

    /** A delivery receipt from the SMSC. */
    public record Receipt(String messageId, boolean delivered, String status, String error) {
    }

    private final NotifierProperties.Sms settings;
    private final Consumer<Receipt> receipts;
    private final AbsoluteTimeFormatter timeFormatter = new AbsoluteTimeFormatter();
    /** The last validity period formatted: thousands of submits a second share one (jsmpp formats with a Calendar). */
    private volatile FormattedValidity lastValidity = new FormattedValidity(Long.MIN_VALUE, null);
    /** How long one part may keep being refused for throttling before the submit fails (and is retried later). */
    static final Duration THROTTLED_GIVE_UP = Duration.ofMinutes(2);

    private final TpsLimiter limiter;
    private final ThrottleBackoff backoff = new ThrottleBackoff();
    private final AtomicLong throttled = new AtomicLong();
    private static final Duration FIRST_REBIND_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_REBIND_DELAY = Duration.ofSeconds(30);

    private final Bind[] binds;
    private final AtomicInteger nextBind = new AtomicInteger();
    private final ScheduledExecutorService rebinder = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("smpp-rebind").daemon().factory());
    private volatile boolean closed;
    private int reference;

    public SmppGateway(NotifierProperties.Sms settings, Consumer<Receipt> receipts) {
        this.settings = settings;
        this.receipts = receipts;
        this.limiter = new TpsLimiter(settings.tps());
        this.binds = new Bind[settings.binds()];
        for (int i = 0; i < binds.length; i++) {
            binds[i] = new Bind(i);
        }
    }

    /**
     * Submits one SMS (all its parts) and returns the SMSC message id of each part.
     *
     * @param sender     alphanumeric or numeric originator
     * @param msisdn     destination in international format without '+'
     * @param text       message text
     * @param validUntil end of the validity period
     */
    public List<String> submit(String sender, String msisdn, String text, Instant validUntil) throws Exception {
        return submit(sender, msisdn, text, validUntil, null, id -> { });
    }

    /**
     * The SMPP {@code service_type} of the notices of one outage: "F" and four base-36 digits of a hash of its id.
     * Notices of the same outage share it, so a later one replaces an earlier one still awaiting delivery at the
     * SMSC ({@code replace_if_present_flag}), and only those: a notice of another outage never replaces it.
     */
    public static String replaceSlotOf(String outageId) {
        String digits = Integer.toString(Math.floorMod(outageId.hashCode(), 36 * 36 * 36 * 36), 36).toUpperCase(
                java.util.Locale.ROOT);
        return "F" + "0".repeat(4 - digits.length()) + digits;
    }

    /** The SMPP absolute time of {@code until}, to the second. */
    String validity(Instant until) {
        FormattedValidity last = lastValidity;
        if (last.epochSecond() != until.getEpochSecond()) {
            last = new FormattedValidity(until.getEpochSecond(),
                    timeFormatter.format(Date.from(Instant.ofEpochSecond(until.getEpochSecond()))));
            lastValidity = last;
        }
        return last.text();
    }

    private record FormattedValidity(long epochSecond, String text) {
    }

    /**
     * Submits one SMS, handing each part's message id to {@code onPartAccepted} as soon as the SMSC answers.
     *
     * @param sender         alphanumeric or numeric originator
     * @param msisdn         destination in international format without '+'
     * @param text           message text
     * @param validUntil     end of the validity period: an SMSC that cannot deliver by then drops the message
     * @param replaceSlot    {@link #replaceSlotOf the service type} under which a single-part message replaces
     *                       one still awaiting delivery (a concatenated message never replaces, or its own parts
     *                       would replace each other); null for none
     * @param onPartAccepted called with the message id of each accepted part, in order
     */
    public List<String> submit(String sender, String msisdn, String text, Instant validUntil, String replaceSlot,
                               Consumer<String> onPartAccepted) throws Exception {
        SmsEncoding.Encoded encoded = SmsEncoding.encode(text, nextReference());
        SMPPSession bound = binds[Math.floorMod(nextBind.getAndIncrement(), binds.length)].session();
        List<String> ids = new ArrayList<>();
        for (byte[] part : encoded.parts()) {
            ESMClass esm = encoded.concatenated()
                    ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
                    : new ESMClass();
            GeneralDataCoding coding = new GeneralDataCoding(encoded.dataCoding() == SmsEncoding.DATA_CODING_UCS2
                    ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT);
            boolean replace = replaceSlot != null && !encoded.concatenated();
            long giveUpAt = System.nanoTime() + THROTTLED_GIVE_UP.toNanos();
            SubmitSmResult result;
            while (true) {
                limiter.acquire();
                try {
                    result = bound.submitShortMessage(replaceSlot == null ? "" : replaceSlot,
                            TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, sender,
                            TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, msisdn, esm, (byte) 0, (byte) 1,
                            null, validity(validUntil),
                            new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                            replace ? (byte) 1 : (byte) 0, coding, (byte) 0, part);
                    backoff.accepted();
                    break;
                } catch (NegativeResponseException refused) {
                    if (!slowDown(refused) || System.nanoTime() > giveUpAt) {
                        throw refused;
                    }
                    throttled.incrementAndGet();
                    limiter.pause(backoff.refused());
                }
            }
            ids.add(result.getMessageId());
            onPartAccepted.accept(result.getMessageId());
        }
        return ids;
    }

    /**
     * Whether the SMSC refused the submit only to slow the client down (ESME_RTHROTTLED, ESME_RMSGQFUL): nothing was
     * accepted, so the same part is submitted again after a pause, and that is neither a failed attempt nor a
     * re-send.
     */
    static boolean slowDown(NegativeResponseException refused) {
        int status = refused.getCommandStatus();
        return status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL;
    }

    /** Submits the SMSC refused to slow the client down, since start. */
    public long throttledCount() {
        return throttled.get();
    }

    private synchronized int nextReference() {
        reference = (reference + 1) & 0xFF;
        return reference;
    }

    /** Binds currently bound. */
    public int boundCount() {
        int bound = 0;
        for (Bind bind : binds) {
            bound += bind.isBound() ? 1 : 0;
        }
        return bound;
    }

    @Override
    public void close() {
        closed = true;
        rebinder.shutdownNow();
        for (Bind bind : binds) {
            bind.close();
        }
    }

    /** One transceiver bind: opened on first use, reopened in the background when its link drops. */
    private final class Bind {

        private final int index;
        private SMPPSession session;

        Bind(int index) {
            this.index = index;
        }

        synchronized boolean isBound() {
            return session != null && session.getSessionState().isBound();
        }

        synchronized SMPPSession session() throws IOException {
            if (closed) {
                throw new IOException("the SMPP gateway is closed");
            }
            if (session != null && session.getSessionState().isBound()) {
                return session;
            }
            if (session != null) {
                session.unbindAndClose();
            }
            SMPPSession fresh = new SMPPSession();
            fresh.setTransactionTimer(settings.responseTimeout().toMillis());
            fresh.setEnquireLinkTimer(30_000);
            fresh.setMessageReceiverListener(new ReceiptListener());
            fresh.connectAndBind(settings.host(), settings.port(), new BindParameter(BindType.BIND_TRX,
                    settings.systemId(), settings.password(), "faultline", TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.UNKNOWN, null), Duration.ofSeconds(10).toMillis());
            fresh.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED && !closed) {
                    log.warn("SMPP bind {} to {}:{} dropped; rebinding", index, settings.host(), settings.port());
                    scheduleRebind(FIRST_REBIND_DELAY);
                }
            });
            log.info("Bound to SMSC {}:{} as {} (bind {} of {})", settings.host(), settings.port(),
                    settings.systemId(), index + 1, binds.length);
            session = fresh;
            return fresh;
        }

        private void scheduleRebind(Duration delay) {
            if (closed) {
                return;
            }
            try {
                rebinder.schedule(() -> {
                    try {
                        session();
                    } catch (IOException | RuntimeException e) {
                        Duration next = delay.multipliedBy(2).compareTo(MAX_REBIND_DELAY) > 0 ? MAX_REBIND_DELAY
                                : delay.multipliedBy(2);
                        log.info("SMPP bind {} not back yet ({}); next attempt in {} s", index, e.toString(),
                                next.toSeconds());
                        scheduleRebind(next);
                    }
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closed meanwhile
            }
        }

        synchronized void close() {
            if (session != null) {
                session.unbindAndClose();
                session = null;
            }
        }
    }

    private final class ReceiptListener implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            if (!MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                return;
            }
            try {
                DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                DeliveryReceiptState state = receipt.getFinalStatus();
                if (state == DeliveryReceiptState.ENROUTE || state == DeliveryReceiptState.ACCEPTD) {
                    return;
                }
                receipts.accept(new Receipt(receipt.getId(), state == DeliveryReceiptState.DELIVRD,
                        String.valueOf(state), receipt.getError()));
            } catch (Exception e) {
                log.warn("Unreadable delivery receipt: {}", e.toString());
            }
        }

        @Override
        public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification alertNotification) {
        }

        @Override
        public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm,
                                                             org.jsmpp.session.Session source) {
            return null;
        }
    }

    /**
     * SMSCs may report the id of a delivery receipt in another base than the submit_sm_resp gave it (SMPP 3.4
     * leaves it open: decimal in the receipt text, hex in the response is common). The candidates, most likely
     * first: the id as received, without leading zeros, read as decimal written in hex, read as hex written in
     * decimal.
     */
    public static List<String> idCandidates(String messageId) {
        List<String> candidates = new ArrayList<>();
        if (messageId == null || messageId.isBlank()) {
            return candidates;
        }
        String id = messageId.trim();
        candidates.add(id);
        String stripped = id.replaceFirst("^0+(?=.)", "");
        if (!stripped.equals(id)) {
            candidates.add(stripped);
        }
        if (id.matches("\\d{1,18}")) {
            candidates.add(Long.toHexString(Long.parseLong(id)));
        }
        if (id.matches("[0-9a-fA-F]{1,15}")) {
            candidates.add(Long.toString(Long.parseLong(id, 16)));
        }
        return candidates;
    }

}
