package io.faultline.notifier.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.faultline.notifier.delivery.NotifierProperties;
import io.faultline.notifier.messages.SmsEncoding;
import io.faultline.testsupport.ReceivedSms;
import io.faultline.testsupport.SmscSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The SMPP client against a real SMSC (the jSMPP server-side simulator). */
class SmppGatewayIT {

    @Test
    void submitsSingleAndConcatenatedMessagesAndMatchesDeliveryReceipts() throws Exception {
        List<SmppGateway.Receipt> receipts = new CopyOnWriteArrayList<>();
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password("secret")
                .failDestinations(msisdn -> msisdn.endsWith("999")).start();
             SmppGateway gateway = new SmppGateway(settings(smsc, "secret"), receipts::add)) {
            List<String> single = gateway.submit("Meridian", "447700900001", "Data is back. Ref OUT-1", Instant.now().plusSeconds(3600));
            List<String> french = gateway.submit("Meridian", "33612345678", "Réf OUT-1 : l'internet mobile fonctionne de nouveau. " + "ê".repeat(60), Instant.now().plusSeconds(3600));
            List<String> failing = gateway.submit("Meridian", "447700900999", "hello", Instant.now().plusSeconds(3600));

            assertThat(single).hasSize(1);
            assertThat(french).hasSize(2);
            List<ReceivedSms> received = smsc.waitForCount(4, Duration.ofSeconds(10));
            assertThat(received.get(0).text()).isEqualTo("Data is back. Ref OUT-1");
            assertThat(received.get(0).dataCoding()).isEqualTo(SmsEncoding.DATA_CODING_GSM);
            assertThat(received.get(1).dataCoding()).isEqualTo(SmsEncoding.DATA_CODING_UCS2);
            assertThat(received.get(1).hasUdh()).isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receipts.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(receipts).anySatisfy(r -> {
                assertThat(SmppGateway.idCandidates(r.messageId())).contains(single.getFirst());
                assertThat(r.delivered()).isTrue();
            });
            assertThat(receipts).anySatisfy(r -> {
                assertThat(SmppGateway.idCandidates(r.messageId())).contains(failing.getFirst());
                assertThat(r.delivered()).isFalse();
            });
        }
    }

    @Test
    void rebindsAfterTheLinkDrops() throws Exception {
        try (SmscSimulator first = SmscSimulator.builder().systemId("faultline").password("secret").start()) {
            int port = first.port();
            NotifierProperties.Sms settings = settings(first, "secret");
            try (SmppGateway gateway = new SmppGateway(settings, r -> { })) {
                gateway.submit("Meridian", "447700900001", "one", Instant.now().plusSeconds(60));
                first.close();
                try (SmscSimulator second = SmscSimulator.builder().port(port).systemId("faultline").password("secret").start()) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    Exception last = null;
                    while (System.nanoTime() < deadline) {
                        try {
                            gateway.submit("Meridian", "447700900001", "two", Instant.now().plusSeconds(60));
                            last = null;
                            break;
                        } catch (Exception e) {
                            last = e;
                            Thread.sleep(200);
                        }
                    }
                    assertThat(last).isNull();
                    assertThat(second.waitForCount(1, Duration.ofSeconds(5)).getFirst().text()).isEqualTo("two");
                }
            }
        }
    }

    @Test
    void severalBindsShareTheSendAndEachIsReboundInTheBackgroundWhenTheLinkDrops() throws Exception {
        List<SmppGateway.Receipt> receipts = new CopyOnWriteArrayList<>();
        SmscSimulator first = SmscSimulator.builder().systemId("faultline").password("secret").start();
        int port = first.port();
        try (SmppGateway gateway = new SmppGateway(settings(port, "secret", 0, 3), receipts::add)) {
            for (int i = 0; i < 6; i++) {
                gateway.submit("Meridian", "44770090000" + i, "message " + i, Instant.now().plusSeconds(60));
            }
            assertThat(first.waitForCount(6, Duration.ofSeconds(5))).hasSize(6);
            assertThat(first.boundSessionCount()).isEqualTo(3);
            assertThat(gateway.boundCount()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> receipts.size() == 6);

            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> gateway.boundCount() == 0);
            try (SmscSimulator second = SmscSimulator.builder().port(port).systemId("faultline").password("secret")
                    .start()) {
                await("rebound without any submit").atMost(Duration.ofSeconds(20))
                        .until(() -> second.boundSessionCount() == 3 && gateway.boundCount() == 3);
                assertThat(second.receivedCount()).isZero();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password("secret").start();
             SmppGateway gateway = new SmppGateway(settings(smsc, "wrong"), r -> { })) {
            assertThatThrownBy(() -> gateway.submit("Meridian", "447700900001", "x", Instant.now().plusSeconds(60)))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(smsc.receivedCount()).isZero();
        }
    }

    @Test
    void aLaterNoticeOfTheSameOutageReplacesOneStillAwaitingDeliveryButNeverAnotherOutagesNorItsOwnParts()
            throws Exception {
        List<SmppGateway.Receipt> receipts = new CopyOnWriteArrayList<>();
        Instant validUntil = Instant.parse("2030-01-01T06:00:00Z");
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password("secret")
                .receiptDelay(Duration.ofSeconds(2)).start();
             SmppGateway gateway = new SmppGateway(settings(smsc, "secret"), receipts::add)) {
            String outage = SmppGateway.replaceSlotOf("OUT-1");
            List<String> investigating = gateway.submit("Meridian", "447700900001", "We are investigating. Ref OUT-1",
                    validUntil, outage, id -> { });
            List<String> otherOutage = gateway.submit("Meridian", "447700900001", "Voicemail is down. Ref OUT-2",
                    validUntil, SmppGateway.replaceSlotOf("OUT-2"), id -> { });
            List<String> restored = gateway.submit("Meridian", "447700900001", "It works again. Ref OUT-1",
                    validUntil, outage, id -> { });
            List<String> long1 = gateway.submit("Meridian", "447700900002", "x".repeat(200), validUntil, outage,
                    id -> { });

            List<ReceivedSms> received = smsc.waitForCount(5, Duration.ofSeconds(10));
            assertThat(received.getFirst().serviceType()).isEqualTo(outage).matches("F[0-9A-Z]{4}");
            assertThat(received.getFirst().replaceIfPresent()).isTrue();
            assertThat(received.getFirst().validityPeriod()).hasSize(16)
                    .isEqualTo(new org.jsmpp.util.AbsoluteTimeFormatter().format(java.util.Date.from(validUntil)));
            assertThat(received).filteredOn(sms -> sms.destinationAddr().equals("447700900002")).hasSize(2)
                    .noneMatch(ReceivedSms::replaceIfPresent);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receipts.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(smsc.replaced()).extracting(ReceivedSms::messageId).containsExactly(investigating.getFirst());
            assertThat(receipts).extracting(SmppGateway.Receipt::messageId).hasSize(4)
                    .doesNotContain(investigating.getFirst())
                    .contains(otherOutage.getFirst(), restored.getFirst(), long1.get(0), long1.get(1));
        }
    }

    @Test
    void submitsKeepToTheTpsCapSoACappedSmscBarelyThrottlesAndEveryMessageGoesOnce() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password("secret").maxTps(40)
                .start();
             SmppGateway gateway = new SmppGateway(settings(smsc, "secret", 40), r -> { })) {
            long start = System.nanoTime();
            submitFromEightThreads(gateway, 120);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(smsc.waitForCount(120, Duration.ofSeconds(10))).extracting(ReceivedSms::destinationAddr)
                    .doesNotHaveDuplicates().hasSize(120);
            assertThat(smsc.throttledCount()).as("only submits bunched on the link, each held back and sent once")
                    .isLessThanOrEqualTo(12);
            assertThat(gateway.throttledCount()).isEqualTo(smsc.throttledCount());
            assertThat(seconds).as("120 submits at 40/s take two windows").isGreaterThan(2.0);
        }
    }

    @Test
    void anSmscThatThrottlesOrHasAFullQueueGetsEachMessageOnceAfterABackOff() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password("secret").maxTps(30)
                .start();
             SmppGateway gateway = new SmppGateway(settings(smsc, "secret", 0), r -> { })) {
            smsc.queueFull(true);
            Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(Duration.ofMillis(700).toNanos());
                smsc.queueFull(false);
            });
            submitFromEightThreads(gateway, 90);

            assertThat(smsc.waitForCount(90, Duration.ofSeconds(10))).extracting(ReceivedSms::destinationAddr)
                    .doesNotHaveDuplicates().hasSize(90);
            assertThat(smsc.throttledCount()).as("an uncapped client meets the SMSC's cap").isPositive();
            assertThat(smsc.queueFullCount()).isPositive();
            assertThat(gateway.throttledCount()).isEqualTo(smsc.throttledCount() + smsc.queueFullCount());
        }
    }

    private static void submitFromEightThreads(SmppGateway gateway, int messages) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < messages; i++) {
                String msisdn = String.format("4477009%05d", i);
                sent.add(threads.submit(() -> gateway.submit("Meridian", msisdn, "Data is back. Ref OUT-1",
                        Instant.now().plusSeconds(3600))));
            }
            for (java.util.concurrent.Future<?> each : sent) {
                each.get();
            }
        }
    }

    @Test
    void receiptIdsAreMatchedAsReceivedFirstThenInTheOtherBase() {
        assertThat(SmppGateway.idCandidates("255")).containsExactly("255", "ff", "597");
        assertThat(SmppGateway.idCandidates("00FF")).containsExactly("00FF", "FF", "255");
        assertThat(SmppGateway.idCandidates("msg-17")).containsExactly("msg-17");
    }

    private static NotifierProperties.Sms settings(SmscSimulator smsc, String password) {
        return settings(smsc, password, 0);
    }

    private static NotifierProperties.Sms settings(SmscSimulator smsc, String password, int tps) {
        return settings(smsc.port(), password, tps, 1);
    }

    private static NotifierProperties.Sms settings(int port, String password, int tps, int binds) {
        return new NotifierProperties.Sms("127.0.0.1", port, "faultline", password, Duration.ofHours(1),
                Duration.ofSeconds(5), tps, binds);
    }
}
