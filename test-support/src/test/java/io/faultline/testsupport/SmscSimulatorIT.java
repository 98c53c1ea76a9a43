package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;

class SmscSimulatorIT {

    @Test
    void acceptsSubmitAndSendsDeliveryReceipt() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(); SmppTestClient client = SmppTestClient.bind(smsc)) {
            String messageId = client.submit("4915112345678", "Outage in 10115: fixed by 18:00", true);

            assertThat(messageId).isNotBlank();
            DeliveryReceipt receipt = client.awaitReceipt(Duration.ofSeconds(5));
            assertThat(receipt.getId()).isEqualTo(messageId);
            assertThat(receipt.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            assertThat(receipt.getSubmitted()).isEqualTo(1);
            assertThat(receipt.getDelivered()).isEqualTo(1);
            assertThat(receipt.getError()).isEqualTo("000");
            assertThat(receipt.getText()).isEqualTo("Outage in 10115: fix");

            List<ReceivedSms> received = smsc.waitForCount(1, Duration.ofSeconds(1));
            ReceivedSms sms = received.get(0);
            assertThat(sms.messageId()).isEqualTo(messageId);
            assertThat(sms.sourceAddr()).isEqualTo("Faultline");
            assertThat(sms.destinationAddr()).isEqualTo("4915112345678");
            assertThat(sms.text()).isEqualTo("Outage in 10115: fixed by 18:00");
            assertThat(sms.dataCoding()).isEqualTo((byte) 0);
            assertThat(sms.registeredDelivery()).isEqualTo((byte) 1);
            assertThat(sms.receivedAt()).isNotNull();
            assertThat(smsc.receivedCount()).isEqualTo(1);
            // The count rises once the client's deliver_sm_resp is back, just after the client saw the receipt.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (smsc.deliveryReceiptsSent() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(smsc.deliveryReceiptsSent()).isEqualTo(1);
        }
    }

    @Test
    void receiptTextAndSessionFollowTheStandardFormat() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(); SmppTestClient client = SmppTestClient.bind(smsc)) {
            String id = client.submit("4915100000001", "Hi", true);
            client.awaitReceipt(Duration.ofSeconds(5));
            // Raw text check against the standard pattern.
            String second = client.submit("4915100000002", "Hello again", true);
            var deliverSm = client.receipts.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(deliverSm).isNotNull();
            assertThat(MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())).isTrue();
            assertThat(deliverSm.getSourceAddr()).isEqualTo("4915100000002");
            assertThat(deliverSm.getDestAddress()).isEqualTo("Faultline");
            assertThat(new String(deliverSm.getShortMessage(), StandardCharsets.US_ASCII)).matches(
                    "id:" + second + " sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000"
                            + " text:Hello again");
            assertThat(id).isNotEqualTo(second);
        }
    }

    @Test
    void failingDestinationGetsUndeliverableReceipt() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.builder().failDestinations(d -> d.endsWith("999")).start();
             SmppTestClient client = SmppTestClient.bind(smsc)) {
            String failing = client.submit("4915100000999", "will fail", true);
            DeliveryReceipt receipt = client.awaitReceipt(Duration.ofSeconds(5));
            assertThat(receipt.getId()).isEqualTo(failing);
            assertThat(receipt.getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
            assertThat(receipt.getDelivered()).isZero();

            smsc.setFailDestinations(d -> false);
            client.submit("4915100000999", "now fine", true);
            assertThat(client.awaitReceipt(Duration.ofSeconds(5)).getFinalStatus())
                    .isEqualTo(DeliveryReceiptState.DELIVRD);
        }
    }

    @Test
    void noReceiptUnlessAskedOrEnabled() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(); SmppTestClient client = SmppTestClient.bind(smsc)) {
            client.submit("4915100000003", "no receipt please", false);
            smsc.setDeliveryReceipts(false);
            client.submit("4915100000004", "receipts off", true);
            smsc.waitForCount(2, Duration.ofSeconds(2));
            Thread.sleep(300);
            assertThat(client.drainReceipts()).isEmpty();
        }
    }

    @Test
    void refusesWrongCredentials() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("notifier").password("s3cret").start()) {
            assertThatThrownBy(() -> SmppTestClient.bind(smsc, BindType.BIND_TRX, "notifier", "wrong"))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(commandStatus(e)).isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD));
            assertThatThrownBy(() -> SmppTestClient.bind(smsc, BindType.BIND_TX, "intruder", "s3cret"))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(commandStatus(e)).isEqualTo(SMPPConstant.STAT_ESME_RINVSYSID));
            try (SmppTestClient client = SmppTestClient.bind(smsc, BindType.BIND_TRX, "notifier", "s3cret")) {
                assertThat(client.session.getSessionState()).isEqualTo(SessionState.BOUND_TRX);
            }
            assertThat(smsc.receivedCount()).isZero();
        }
    }

    @Test
    void throttlesBeyondTheTpsCap() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.builder().maxTps(2).start();
             SmppTestClient client = SmppTestClient.bind(smsc)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                try {
                    client.submit("49151000001" + i, "burst " + i, false);
                    statuses.add(0);
                } catch (NegativeResponseException e) {
                    statuses.add(e.getCommandStatus());
                }
            }
            assertThat(statuses).contains(0x58);
            assertThat(smsc.throttledCount()).isEqualTo((int) statuses.stream().filter(s -> s == 0x58).count());
            assertThat(smsc.receivedCount() + smsc.throttledCount()).isEqualTo(6);

            Thread.sleep(1_100); // a fresh one-second window
            client.submit("4915100000100", "after the burst", false);
            smsc.setMaxTps(0);
            for (int i = 0; i < 5; i++) {
                client.submit("4915100000200", "uncapped " + i, false);
            }
            assertThat(smsc.received()).extracting(ReceivedSms::text).contains("after the burst", "uncapped 4");
        }
    }

    @Test
    void servesManyConcurrentSessionsAndSurvivesDroppedClients() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start()) {
            List<SmppTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(SmppTestClient.bind(smsc, i % 2 == 0 ? BindType.BIND_TRX : BindType.BIND_TX,
                        "faultline", "secret"));
            }
            assertThat(smsc.boundSessionCount()).isEqualTo(8);

            Set<String> ids = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < clients.size(); c++) {
                    SmppTestClient client = clients.get(c);
                    int clientNo = c;
                    for (int m = 0; m < 10; m++) {
                        int messageNo = m;
                        futures.add(pool.submit(() -> {
                            ids.add(client.submit("49151" + clientNo + "0000" + messageNo, "msg", false));
                            return null;
                        }));
                    }
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(ids).hasSize(80);
            assertThat(smsc.waitForCount(80, Duration.ofSeconds(5))).extracting(ReceivedSms::messageId)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(smsc.receivedDestinations()).hasSize(80);

            // Drop half the clients without unbind, and a raw socket that never binds.
            for (int i = 0; i < 4; i++) {
                clients.get(i).session.close();
            }
            try (Socket raw = new Socket("127.0.0.1", smsc.port())) {
                OutputStream out = raw.getOutputStream();
                out.write(new byte[] {0, 0, 0, 5, 1}); // a truncated PDU, then the connection drops
                out.flush();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (smsc.boundSessionCount() > 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(smsc.boundSessionCount()).isEqualTo(4);

            try (SmppTestClient late = SmppTestClient.bind(smsc)) {
                late.submit("4915199999999", "still serving", false);
            }
            assertThat(smsc.receivedCount()).isEqualTo(81);

            long start = System.nanoTime();
            smsc.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            for (int i = 4; i < 8; i++) {
                SmppTestClient client = clients.get(i);
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (client.session.getSessionState().isBound() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(client.session.getSessionState().isBound()).isFalse();
                client.session.close();
            }
        }
    }

    @Test
    void receiptGoesToAReceiverWhenTheSubmitterIsATransmitter() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start();
             SmppTestClient transmitter = SmppTestClient.bind(smsc, BindType.BIND_TX, "faultline", "secret");
             SmppTestClient receiver = SmppTestClient.bind(smsc, BindType.BIND_RX, "faultline", "secret")) {
            String id = transmitter.submit("4915100000005", "split binds", true);
            assertThat(receiver.awaitReceipt(Duration.ofSeconds(5)).getId()).isEqualTo(id);
        }
    }

    @Test
    void decodesGsmUcs2AndConcatenatedMessages() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(); SmppTestClient client = SmppTestClient.bind(smsc)) {
            client.submit("4915100000006", "Price: 5€ [info] @home_ok", false);
            client.submit("4915100000007", DataCodings.newInstance((byte) 0x08), new ESMClass(),
                    "Störung behoben ✓".getBytes(StandardCharsets.UTF_16BE), false);

            ESMClass udhi = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI);
            byte[] part1 = concat(new byte[] {5, 0, 3, 0x2A, 2, 1}, Gsm7.encode("First half, "));
            byte[] part2 = concat(new byte[] {5, 0, 3, 0x2A, 2, 2}, Gsm7.encode("second half."));
            client.submit("4915100000008", DataCodings.ZERO, udhi, part1, false);
            client.submit("4915100000008", DataCodings.ZERO, udhi, part2, false);

            List<ReceivedSms> received = smsc.waitForCount(4, Duration.ofSeconds(5));
            assertThat(received.get(0).text()).isEqualTo("Price: 5€ [info] @home_ok");
            assertThat(received.get(1).text()).isEqualTo("Störung behoben ✓");
            assertThat(received.get(1).dataCoding()).isEqualTo((byte) 8);
            assertThat(received.get(2).text()).isEqualTo("First half, ");
            assertThat(received.get(3).text()).isEqualTo("second half.");
            assertThat(received.get(2).concatenation()).contains(new ReceivedSms.Concatenation(0x2A, 2, 1));
            assertThat(received.get(3).concatenation()).contains(new ReceivedSms.Concatenation(0x2A, 2, 2));
            assertThat(received.get(3).shortMessage()).isEqualTo(part2);
            assertThat(received.get(0).concatenation()).isEmpty();
            assertThat(smsc.receivedDestinations()).containsExactly("4915100000006", "4915100000007", "4915100000008");

            smsc.reset();
            assertThat(smsc.received()).isEmpty();
            assertThat(smsc.receivedCount()).isZero();
            assertThatThrownBy(() -> smsc.waitForCount(1, Duration.ofMillis(50))).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void fixedPortIsHonoured() throws Exception {
        int port = FreePorts.find();
        try (SmscSimulator smsc = SmscSimulator.builder().port(port).start();
             SmppTestClient client = SmppTestClient.bind(smsc)) {
            assertThat(smsc.port()).isEqualTo(port);
            assertThat(client.submit("4915100000009", "fixed", false)).isNotBlank();
        }
    }

    private static int commandStatus(Throwable error) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof NegativeResponseException negative) {
                return negative.getCommandStatus();
            }
        }
        throw new AssertionError("No NegativeResponseException in " + error, error);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
