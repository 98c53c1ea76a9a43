package io.faultline.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/** A real jSMPP ESME session for the simulator tests, collecting the delivery receipts it gets. */
final class SmppTestClient implements AutoCloseable {

    final SMPPSession session = new SMPPSession();
    final BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();

    private SmppTestClient() {
    }

    static SmppTestClient bind(SmscSimulator smsc, BindType bindType, String systemId, String password)
            throws IOException {
        SmppTestClient client = new SmppTestClient();
        client.session.setTransactionTimer(5_000);
        client.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
                if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                    client.receipts.add(deliverSm);
                }
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
                return null;
            }
        });
        try {
            client.session.connectAndBind("127.0.0.1", smsc.port(), new BindParameter(bindType, systemId, password,
                    "cp", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 5_000);
        } catch (IOException e) {
            client.session.close();
            throw e;
        }
        return client;
    }

    static SmppTestClient bind(SmscSimulator smsc) throws IOException {
        return bind(smsc, BindType.BIND_TRX, "faultline", "secret");
    }

    String submit(String destination, String text, boolean receipt) throws Exception {
        return submit(destination, DataCodings.ZERO, new ESMClass(), Gsm7.encode(text), receipt);
    }

    String submit(String destination, DataCoding dataCoding, ESMClass esmClass, byte[] message, boolean receipt)
            throws Exception {
        return session.submitShortMessage("CMT",
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Faultline",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination,
                esmClass, (byte) 0, (byte) 1, null, null,
                new RegisteredDelivery(receipt ? SMSCDeliveryReceipt.SUCCESS_FAILURE : SMSCDeliveryReceipt.DEFAULT),
                (byte) 0, dataCoding, (byte) 0, message).getMessageId();
    }

    DeliveryReceipt awaitReceipt(Duration timeout) throws Exception {
        DeliverSm deliverSm = receipts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (deliverSm == null) {
            throw new AssertionError("No delivery receipt within " + timeout);
        }
        return deliverSm.getShortMessageAsDeliveryReceipt();
    }

    List<DeliverSm> drainReceipts() {
        List<DeliverSm> drained = new java.util.ArrayList<>();
        receipts.drainTo(drained);
        return drained;
    }

    @Override
    public void close() {
        session.unbindAndClose();
    }
}
