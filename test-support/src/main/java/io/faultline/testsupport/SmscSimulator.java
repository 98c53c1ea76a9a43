package io.faultline.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMSC speaking SMPP 3.4 on jSMPP's server side, for tests and the sandbox.
 *
 * <p>It accepts any number of concurrent transmitter, receiver and transceiver binds that present
 * the configured system id and password (a wrong system id is refused with
 * {@code ESME_RINVSYSID}, a wrong password with {@code ESME_RINVPASWD}). Every accepted
 * {@code submit_sm} is answered with a unique message id and recorded as a {@link ReceivedSms}.
 * With a TPS cap, a {@code submit_sm} beyond the cap within any one-second window is answered with
 * {@code ESME_RTHROTTLED} (0x58) and counted instead of recorded.
 *
 * <p>When delivery receipts are on and the {@code registered_delivery} asks for one, a
 * {@code deliver_sm} with esm_class "SMSC delivery receipt" follows the {@code submit_sm_resp}
 * shortly after, on the submitting session if it can receive, otherwise on another receiving
 * session bound with the same system id. Its text is the usual
 * {@code id:<id> sub:001 dlvrd:001 submit date:yyMMddHHmm done date:yyMMddHHmm stat:DELIVRD
 * err:000 text:<first 20 chars>}, plus the {@code receipted_message_id} and {@code message_state}
 * TLVs; destinations matched by the failure rule get {@code stat:UNDELIV err:001}.
 *
 * <pre>{@code
 * try (SmscSimulator smsc = SmscSimulator.builder().systemId("notifier").password("s3cret").start()) {
 *     // bind a client to 127.0.0.1:smsc.port() ...
 *     smsc.waitForCount(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SmscSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmscSimulator.class);
    private static final DateTimeFormatter RECEIPT_DATE =
            DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneId.systemDefault());
    private static final long BIND_TIMEOUT_MILLIS = 10_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 3_000;
    private static final byte MESSAGE_STATE_DELIVERED = 2;
    private static final byte MESSAGE_STATE_UNDELIVERABLE = 5;

    /** Builds and starts an {@link SmscSimulator}. */
    public static final class Builder {
        private int port;
        private String bindAddress = "127.0.0.1";
        private String systemId = "faultline";
        private String password = "secret";
        private String smscSystemId = "faultline-smsc";
        private int maxTps;
        private boolean deliveryReceipts = true;
        private Duration receiptDelay = Duration.ofMillis(50);
        private Predicate<String> failDestinations = destination -> false;

        private Builder() {
        }

        /**
         * The port to listen on; 0 (the default) picks a free one, see {@link SmscSimulator#port()}.
         *
         * @param port the port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid port " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to listen on, {@code 127.0.0.1} by default.
         *
         * @param bindAddress an IP address or host name
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * The system id that binds must present, {@code faultline} by default; {@code null}
         * accepts any. SMPP 3.4 allows at most 15 characters.
         *
         * @param systemId the accepted system id
         * @return this builder
         */
        public Builder systemId(String systemId) {
            if (systemId != null && systemId.length() > 15) {
                throw new IllegalArgumentException("SMPP 3.4 system_id has at most 15 characters: " + systemId);
            }
            this.systemId = systemId;
            return this;
        }

        /**
         * The password that binds must present, {@code secret} by default; {@code null}
         * accepts any. SMPP 3.4 allows at most 8 characters (jSMPP clients refuse to send more).
         *
         * @param password the accepted password
         * @return this builder
         */
        public Builder password(String password) {
            if (password != null && password.length() > 8) {
                throw new IllegalArgumentException("SMPP 3.4 password has at most 8 characters");
            }
            this.password = password;
            return this;
        }

        /**
         * The system id the simulator answers binds with, {@code faultline-smsc} by default.
         *
         * @param smscSystemId the SMSC's own system id
         * @return this builder
         */
        public Builder smscSystemId(String smscSystemId) {
            if (Objects.requireNonNull(smscSystemId, "smscSystemId").length() > 15) {
                throw new IllegalArgumentException("SMPP 3.4 system_id has at most 15 characters: " + smscSystemId);
            }
            this.smscSystemId = smscSystemId;
            return this;
        }

        /**
         * Caps the accepted {@code submit_sm} per one-second window across all sessions; beyond
         * it the answer is {@code ESME_RTHROTTLED}. 0 (the default) means no cap.
         *
         * @param maxTps the cap, or 0
         * @return this builder
         */
        public Builder maxTps(int maxTps) {
            if (maxTps < 0) {
                throw new IllegalArgumentException("maxTps must not be negative");
            }
            this.maxTps = maxTps;
            return this;
        }

        /**
         * Whether to send delivery receipts when {@code registered_delivery} asks for them, on by
         * default.
         *
         * @param deliveryReceipts {@code true} to send receipts
         * @return this builder
         */
        public Builder deliveryReceipts(boolean deliveryReceipts) {
            this.deliveryReceipts = deliveryReceipts;
            return this;
        }

        /**
         * How long after the {@code submit_sm_resp} the receipt is sent, 50 ms by default.
         *
         * @param receiptDelay the delay
         * @return this builder
         */
        public Builder receiptDelay(Duration receiptDelay) {
            this.receiptDelay = Objects.requireNonNull(receiptDelay, "receiptDelay");
            return this;
        }

        /**
         * Which destination addresses fail: their receipt says {@code stat:UNDELIV}. None by
         * default.
         *
         * @param failDestinations a test on {@code destination_addr}
         * @return this builder
         */
        public Builder failDestinations(Predicate<String> failDestinations) {
            this.failDestinations = Objects.requireNonNull(failDestinations, "failDestinations");
            return this;
        }

        /**
         * Starts the simulator.
         *
         * @return the running simulator, to be closed by the caller
         */
        public SmscSimulator start() {
            try {
                return new SmscSimulator(this);
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the SMSC simulator on port " + port, e);
            }
        }
    }

    private record PendingReceipt(ReceivedSms sms, boolean failed, SMPPServerSession session, String systemId,
                                  TypeOfNumber sourceTon, NumberingPlanIndicator sourceNpi,
                                  TypeOfNumber destinationTon, NumberingPlanIndicator destinationNpi) {
    }

    private final String systemId;
    private final String password;
    private final String smscSystemId;
    private final Duration receiptDelay;
    private volatile int maxTps;
    private volatile boolean deliveryReceipts;
    private volatile Predicate<String> failDestinations;

    private final SMPPServerSessionListener listener;
    private final int port;
    private final Thread acceptThread;
    private final ExecutorService bindExecutor;
    private final ScheduledExecutorService receiptExecutor;
    private final Handler handler = new Handler();

    private final Set<SMPPServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<SMPPServerSession, String> boundSystemIds = new ConcurrentHashMap<>();
    private final Map<String, PendingReceipt> pendingReceipts = new ConcurrentHashMap<>();
    /** The message awaiting delivery per {@link #deliverySlot}; guarded by receivedLock. */
    private final Map<String, ReceivedSms> awaitingDelivery = new java.util.HashMap<>();
    private volatile boolean queueFull;
    private final AtomicLong queueFullAnswers = new AtomicLong();
    /** Messages replaced before delivery by message id, in order; guarded by receivedLock. */
    private final Map<String, ReceivedSms> replaced = new java.util.LinkedHashMap<>();

    private final Object receivedLock = new Object();
    private final List<ReceivedSms> received = new ArrayList<>();
    private final ArrayDeque<Long> tpsWindow = new ArrayDeque<>();
    /** The distinct destinations of {@link #received}, in order of first arrival, guarded by {@code receivedLock}. */
    private final Set<String> destinations = new LinkedHashSet<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger receiptsSent = new AtomicInteger();
    private final AtomicLong messageIds = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 32, 1L << 40));
    private volatile boolean closed;

    private SmscSimulator(Builder builder) throws IOException {
        this.systemId = builder.systemId;
        this.password = builder.password;
        this.smscSystemId = builder.smscSystemId;
        this.receiptDelay = builder.receiptDelay;
        this.maxTps = builder.maxTps;
        this.deliveryReceipts = builder.deliveryReceipts;
        this.failDestinations = builder.failDestinations;

        BoundServerConnectionFactory connectionFactory =
                new BoundServerConnectionFactory(InetAddress.getByName(builder.bindAddress));
        this.listener = new SMPPServerSessionListener(builder.port, 0, 100, connectionFactory);
        this.port = connectionFactory.localPort();
        listener.setSessionStateListener(handler);
        listener.setMessageReceiverListener(handler);
        listener.setResponseDeliveryListener(handler);
        listener.setQueueCapacity(1000);

        this.bindExecutor = Executors.newCachedThreadPool(daemonThreads("smsc-" + port + "-bind"));
        this.receiptExecutor = Executors.newScheduledThreadPool(4, daemonThreads("smsc-" + port + "-receipt"));
        this.acceptThread = daemonThreads("smsc-" + port + "-accept").newThread(this::acceptLoop);
        acceptThread.start();
        LOG.info("SMSC simulator listening on {}:{}", builder.bindAddress, port);
    }

    /**
     * Returns a builder with the defaults: free port on 127.0.0.1, system id {@code faultline},
     * password {@code secret}, no TPS cap, delivery receipts on after 50 ms, no failing destination.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a simulator with the {@linkplain #builder() default} settings.
     *
     * @return the running simulator, to be closed by the caller
     */
    public static SmscSimulator start() {
        return builder().start();
    }

    /**
     * The port the simulator listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Every accepted {@code submit_sm} since start or the last {@link #reset()}, in arrival order.
     *
     * @return a snapshot of the received messages
     */
    public List<ReceivedSms> received() {
        synchronized (receivedLock) {
            return List.copyOf(received);
        }
    }

    /**
     * Messages replaced before delivery by a later one with {@code replace_if_present_flag} set (same source,
     * destination and service type): they never reached the handset and got no delivery receipt.
     */
    public List<ReceivedSms> replaced() {
        synchronized (receivedLock) {
            return List.copyOf(replaced.values());
        }
    }

    /**
     * While on, every {@code submit_sm} is answered ESME_RMSGQFUL (the SMSC's queue is full) and nothing is
     * accepted.
     */
    public void queueFull(boolean full) {
        this.queueFull = full;
    }

    /** Submits answered ESME_RMSGQFUL since start. */
    public long queueFullCount() {
        return queueFullAnswers.get();
    }

    /**
     * The number of accepted {@code submit_sm}.
     *
     * @return the count of {@link #received()}
     */
    public int receivedCount() {
        synchronized (receivedLock) {
            return received.size();
        }
    }

    /**
     * The distinct destination addresses of the accepted {@code submit_sm}, in order of first
     * arrival; a concatenated SMS counts once.
     *
     * @return the destinations
     */
    /**
     * How many distinct destinations the accepted {@code submit_sm} had, kept as they arrive: cheap enough to poll
     * while thousands arrive a second, unlike {@link #receivedDestinations()}, which copies them.
     */
    public int receivedDestinationCount() {
        synchronized (receivedLock) {
            return destinations.size();
        }
    }

    public Set<String> receivedDestinations() {
        synchronized (receivedLock) {
            return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(destinations));
        }
    }

    /**
     * The number of {@code submit_sm} answered with {@code ESME_RTHROTTLED} by the TPS cap.
     *
     * @return the throttled count
     */
    public int throttledCount() {
        return throttled.get();
    }

    /**
     * The number of delivery receipts that were sent and acknowledged by a client.
     *
     * @return the receipt count
     */
    public int deliveryReceiptsSent() {
        return receiptsSent.get();
    }

    /**
     * The number of sessions currently bound.
     *
     * @return the bound session count
     */
    public int boundSessionCount() {
        int count = 0;
        for (SMPPServerSession session : sessions) {
            if (session.getSessionState().isBound()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Waits until at least {@code count} {@code submit_sm} have been accepted.
     *
     * @param count   the number to wait for
     * @param timeout how long to wait at most
     * @return a snapshot of the received messages
     * @throws AssertionError if fewer arrived within the timeout
     */
    public List<ReceivedSms> waitForCount(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (receivedLock) {
            while (received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Expected at least " + count + " SMS within " + timeout + " but got "
                            + received.size() + " (throttled " + throttled.get() + "): " + received);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(receivedLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for SMS", e);
                }
            }
            return List.copyOf(received);
        }
    }

    /**
     * Changes the TPS cap of the running simulator.
     *
     * @param maxTps the cap, or 0 for none
     */
    public void setMaxTps(int maxTps) {
        if (maxTps < 0) {
            throw new IllegalArgumentException("maxTps must not be negative");
        }
        this.maxTps = maxTps;
    }

    /**
     * Changes which destinations fail from now on.
     *
     * @param failDestinations a test on {@code destination_addr}
     */
    public void setFailDestinations(Predicate<String> failDestinations) {
        this.failDestinations = Objects.requireNonNull(failDestinations, "failDestinations");
    }

    /**
     * Turns delivery receipts on or off from now on.
     *
     * @param deliveryReceipts {@code true} to send receipts
     */
    public void setDeliveryReceipts(boolean deliveryReceipts) {
        this.deliveryReceipts = deliveryReceipts;
    }

    /** Forgets the received messages and zeroes the counters; sessions stay bound. */
    public void reset() {
        synchronized (receivedLock) {
            received.clear();
            destinations.clear();
        }
        synchronized (tpsWindow) {
            tpsWindow.clear();
        }
        throttled.set(0);
        receiptsSent.set(0);
    }

    /**
     * Stops listening, unbinds every bound session (waiting briefly for the clients' answers),
     * closes every connection and stops the simulator's threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("Closing the SMPP listener failed", e);
        }
        acceptThread.interrupt();
        receiptExecutor.shutdownNow();
        List<SMPPServerSession> open = new ArrayList<>(sessions);
        if (!open.isEmpty()) {
            ExecutorService closer = Executors.newFixedThreadPool(Math.min(open.size(), 16),
                    daemonThreads("smsc-" + port + "-close"));
            for (SMPPServerSession session : open) {
                closer.execute(() -> {
                    if (session.getSessionState().isBound()) {
                        session.unbindAndClose();
                    } else {
                        session.close();
                    }
                });
            }
            closer.shutdown();
            try {
                if (!closer.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    closer.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (SMPPServerSession session : open) {
                if (session.getSessionState() != SessionState.CLOSED) {
                    session.close();
                }
            }
        }
        bindExecutor.shutdownNow();
        try {
            acceptThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.clear();
        boundSystemIds.clear();
        pendingReceipts.clear();
        LOG.info("SMSC simulator on port {} stopped", port);
    }

    @Override
    public String toString() {
        return "SmscSimulator[port=" + port + ", received=" + receivedCount() + ", throttled=" + throttledCount() + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            SMPPServerSession session;
            try {
                session = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Accepting an SMPP connection failed", e);
                    sleepQuietly(50);
                }
                continue;
            }
            if (closed) {
                session.close();
                break;
            }
            sessions.add(session);
            if (session.getSessionState() == SessionState.CLOSED) {
                sessions.remove(session);
                continue;
            }
            try {
                bindExecutor.execute(() -> awaitBind(session));
            } catch (RuntimeException e) { // rejected while closing
                session.close();
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        BindRequest request;
        try {
            request = session.waitForBind(BIND_TIMEOUT_MILLIS);
        } catch (TimeoutException e) {
            LOG.debug("No bind within {} ms on session {}", BIND_TIMEOUT_MILLIS, session.getSessionId());
            sessions.remove(session);
            return;
        } catch (IllegalStateException e) {
            LOG.debug("Session {} closed before bind", session.getSessionId());
            session.close();
            return;
        }
        try {
            int refusal = 0;
            if (closed) {
                refusal = SMPPConstant.STAT_ESME_RBINDFAIL;
            } else if (systemId != null && !systemId.equals(request.getSystemId())) {
                refusal = SMPPConstant.STAT_ESME_RINVSYSID;
            } else if (password != null && !password.equals(request.getPassword())) {
                refusal = SMPPConstant.STAT_ESME_RINVPASWD;
            }
            if (refusal != 0) {
                LOG.info("Refusing {} of system id '{}' with status 0x{}", request.getBindType(),
                        request.getSystemId(), Integer.toHexString(refusal));
                request.reject(refusal);
                closeLater(session);
                return;
            }
            boundSystemIds.put(session, request.getSystemId());
            request.accept(smscSystemId, InterfaceVersion.IF_34);
            LOG.debug("Accepted {} of system id '{}' on session {}", request.getBindType(), request.getSystemId(),
                    session.getSessionId());
        } catch (PDUStringException | IOException | RuntimeException e) {
            LOG.debug("Answering the bind of session {} failed", session.getSessionId(), e);
            boundSystemIds.remove(session);
            session.close();
        }
    }

    private void closeLater(SMPPServerSession session) {
        try {
            receiptExecutor.schedule(session::close, 500, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            session.close();
        }
    }

    private boolean admit() {
        int cap = maxTps;
        if (cap <= 0) {
            return true;
        }
        synchronized (tpsWindow) {
            long now = System.nanoTime();
            while (!tpsWindow.isEmpty() && now - tpsWindow.peekFirst() >= 1_000_000_000L) {
                tpsWindow.pollFirst();
            }
            if (tpsWindow.size() >= cap) {
                return false;
            }
            tpsWindow.addLast(now);
            return true;
        }
    }

    private SubmitSmResult acceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
        if (closed) {
            throw new ProcessRequestException("SMSC is shutting down", SMPPConstant.STAT_ESME_RSYSERR);
        }
        if (queueFull) {
            queueFullAnswers.incrementAndGet();
            throw new ProcessRequestException("Message queue full", SMPPConstant.STAT_ESME_RMSGQFUL);
        }
        if (!admit()) {
            throttled.incrementAndGet();
            throw new ProcessRequestException("Throttled", SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        String id = Long.toHexString(messageIds.incrementAndGet());
        MessageId messageId;
        try {
            messageId = new MessageId(id);
        } catch (PDUStringException e) {
            throw new ProcessRequestException("Invalid message id " + id, SMPPConstant.STAT_ESME_RSYSERR, e);
        }
        byte[] bytes = submitSm.getShortMessage();
        if (bytes == null || bytes.length == 0) {
            OptionalParameter payload = submitSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            if (payload instanceof OptionalParameter.OctetString octets) {
                bytes = octets.getValue();
            }
        }
        if (bytes == null) {
            bytes = new byte[0];
        }
        ReceivedSms sms = new ReceivedSms(id, submitSm.getSourceAddr(), submitSm.getDestAddress(),
                submitSm.getDataCoding(), bytes,
                ReceivedSms.decodeText(submitSm.getDataCoding(), submitSm.getEsmClass(), bytes),
                submitSm.getEsmClass(), submitSm.getRegisteredDelivery(), Instant.now(),
                Objects.requireNonNullElse(submitSm.getServiceType(), ""), submitSm.getReplaceIfPresent() != 0,
                submitSm.getValidityPeriod());
        boolean failed = failDestinations.test(Objects.requireNonNullElse(submitSm.getDestAddress(), ""));
        boolean receipt = deliveryReceipts && wantsReceipt(submitSm.getRegisteredDelivery(), failed);
        if (receipt) {
            pendingReceipts.put(id, new PendingReceipt(sms, failed, source, boundSystemIds.get(source),
                    ton(submitSm.getSourceAddrTon()), npi(submitSm.getSourceAddrNpi()),
                    ton(submitSm.getDestAddrTon()), npi(submitSm.getDestAddrNpi())));
        }
        awaitDelivery(sms, receipt);
        synchronized (receivedLock) {
            received.add(sms);
            destinations.add(sms.destinationAddr());
            receivedLock.notifyAll();
        }
        return new SubmitSmResult(messageId, new OptionalParameter[0]);
    }

    /** Bits 0-1 of registered_delivery: 1 = success and failure, 2 = failure only, 3 = success only. */
    private static boolean wantsReceipt(byte registeredDelivery, boolean failed) {
        int request = registeredDelivery & 0x03;
        return request == 1 || (request == 2 && failed) || (request == 3 && !failed);
    }

    private void scheduleReceipt(String messageId) {
        PendingReceipt receipt = pendingReceipts.remove(messageId);
        if (receipt == null || closed) {
            return;
        }
        try {
            receiptExecutor.schedule(() -> sendReceipt(receipt), receiptDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debug("Receipt for {} not scheduled: simulator closing", messageId);
        }
    }

    /**
     * A message with {@code replace_if_present_flag} set replaces the one from the same source to the same
     * destination with the same service type that still awaits delivery: that one is never delivered and gets no
     * receipt, as at a real SMSC. A message awaits delivery until its receipt is due ({@link Builder#receiptDelay});
     * one that asked for no receipt is delivered at once.
     */
    private void awaitDelivery(ReceivedSms sms, boolean deliveredLater) {
        synchronized (receivedLock) {
            ReceivedSms previous = deliveredLater ? awaitingDelivery.put(deliverySlot(sms), sms)
                    : awaitingDelivery.remove(deliverySlot(sms));
            if (sms.replaceIfPresent() && previous != null) {
                replaced.put(previous.messageId(), previous);
            }
        }
    }

    /** Whether the message was replaced before delivery; if not, it is delivered now (no longer awaiting). */
    private boolean replacedOrDelivered(ReceivedSms sms) {
        synchronized (receivedLock) {
            awaitingDelivery.remove(deliverySlot(sms), sms);
            return replaced.containsKey(sms.messageId());
        }
    }

    /** Where a message waits at the SMSC: its source, destination and service type. */
    private static String deliverySlot(ReceivedSms sms) {
        return sms.sourceAddr() + "|" + sms.destinationAddr() + "|" + sms.serviceType();
    }

    private void sendReceipt(PendingReceipt receipt) {
        SMPPServerSession target = receiptTarget(receipt);
        ReceivedSms sms = receipt.sms();
        if (replacedOrDelivered(sms)) {
            LOG.debug("No receipt for {}: replaced before delivery", sms.messageId());
            return;
        }
        if (target == null) {
            LOG.debug("No receiving session for the receipt of {}", sms.messageId());
            return;
        }
        String text = "id:" + sms.messageId()
                + " sub:001 dlvrd:" + (receipt.failed() ? "000" : "001")
                + " submit date:" + RECEIPT_DATE.format(sms.receivedAt())
                + " done date:" + RECEIPT_DATE.format(Instant.now())
                + " stat:" + (receipt.failed() ? "UNDELIV" : "DELIVRD")
                + " err:" + (receipt.failed() ? "001" : "000")
                + " text:" + receiptText(sms.text());
        try {
            target.deliverShortMessage("",
                    receipt.destinationTon(), receipt.destinationNpi(), sms.destinationAddr(),
                    receipt.sourceTon(), receipt.sourceNpi(), sms.sourceAddr(),
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.ZERO,
                    text.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(),
                            sms.messageId()),
                    new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE,
                            receipt.failed() ? MESSAGE_STATE_UNDELIVERABLE : MESSAGE_STATE_DELIVERED));
            receiptsSent.incrementAndGet();
        } catch (Exception e) {
            if (!closed) {
                LOG.warn("Sending the delivery receipt of {} failed: {}", sms.messageId(), e.toString());
            }
        }
    }

    private SMPPServerSession receiptTarget(PendingReceipt receipt) {
        if (receipt.session().getSessionState().isReceivable()) {
            return receipt.session();
        }
        for (Map.Entry<SMPPServerSession, String> entry : boundSystemIds.entrySet()) {
            if (Objects.equals(entry.getValue(), receipt.systemId())
                    && entry.getKey().getSessionState().isReceivable()) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static String receiptText(String text) {
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < text.length() && out.length() < 20; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.toString();
    }

    private static TypeOfNumber ton(byte value) {
        try {
            return TypeOfNumber.valueOf(value);
        } catch (IllegalArgumentException e) {
            return TypeOfNumber.UNKNOWN;
        }
    }

    private static NumberingPlanIndicator npi(byte value) {
        try {
            return NumberingPlanIndicator.valueOf(value);
        } catch (IllegalArgumentException e) {
            return NumberingPlanIndicator.UNKNOWN;
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Receives the session events and SMPP requests of every session. */
    private final class Handler extends ServerResponseDeliveryAdapter
            implements ServerMessageReceiverListener, SessionStateListener {

        @Override
        public void onStateChange(SessionState newState, SessionState oldState, Session source) {
            if (newState == SessionState.CLOSED && source instanceof SMPPServerSession session) {
                sessions.remove(session);
                boundSystemIds.remove(session);
            }
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            return acceptSubmitSm(submitSm, source);
        }

        @Override
        public void onSubmitSmRespSent(SubmitSmResult submitSmResult, SMPPServerSession source) {
            scheduleReceipt(submitSmResult.getMessageId());
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult submitSmResult, Exception cause, SMPPServerSession source) {
            pendingReceipts.remove(submitSmResult.getMessageId());
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("submit_multi");
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("query_sm");
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("replace_sm");
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("cancel_sm");
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("broadcast_sm");
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("cancel_broadcast_sm");
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                               SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported("query_broadcast_sm");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw unsupported("data_sm");
        }

        private ProcessRequestException unsupported(String command) {
            return new ProcessRequestException(command + " is not supported by the simulator",
                    SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** Listens on a chosen address and remembers the port actually bound, for port 0. */
    private static final class BoundServerConnectionFactory implements ServerConnectionFactory {
        private final InetAddress address;
        private volatile ServerSocket socket;

        BoundServerConnectionFactory(InetAddress address) {
            this.address = address;
        }

        @Override
        public ServerConnection listen(int port) throws IOException {
            return listen(port, 0, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout) throws IOException {
            return listen(port, timeout, 50);
        }

        @Override
        public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
            ServerSocket serverSocket = new ServerSocket();
            try {
                serverSocket.setReuseAddress(true);
                serverSocket.bind(new InetSocketAddress(address, port), backlog);
                serverSocket.setSoTimeout(timeout);
            } catch (IOException e) {
                serverSocket.close();
                throw e;
            }
            socket = serverSocket;
            return new ServerSocketConnection(serverSocket);
        }

        int localPort() {
            return socket.getLocalPort();
        }
    }
}
