package io.faultline.common.topics;

import io.faultline.common.events.CreditEvent;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.Subscriber;
import java.util.List;
import java.util.Optional;

/** The topic registry: every public topic, its key, value type and who uses it. Names are stable. */
public final class Topics {

    public static final TopicSpec<NetworkAlarm> NETWORK_ALARMS = new TopicSpec<>("network.alarms.v1",
            NetworkAlarm.class, "managed object / source element id", false, "NOC, VES listener", "detector");
    public static final TopicSpec<CustomerComplaint> CUSTOMER_COMPLAINTS = new TopicSpec<>("customer.complaints.v1",
            CustomerComplaint.class, "subscriber id", false, "care systems", "detector");
    public static final TopicSpec<NetworkElement> NETWORK_TOPOLOGY = new TopicSpec<>("network.topology.v1",
            NetworkElement.class, "element id", true, "inventory", "detector, notifier");
    public static final TopicSpec<Subscriber> SUBSCRIBERS = new TopicSpec<>("subscribers.v1",
            Subscriber.class, "subscriber id", true, "CRM", "notifier, compensation");
    public static final TopicSpec<OutageEvent> OUTAGES = new TopicSpec<>("outages.v1",
            OutageEvent.class, "outage id", false, "detector", "notifier, compensation, partners");
    public static final TopicSpec<NoticeReceipt> NOTICE_RECEIPTS = new TopicSpec<>("notice.receipts.v1",
            NoticeReceipt.class, "subscriber id", false, "notifier", "care, ops");
    public static final TopicSpec<CreditEvent> CREDITS = new TopicSpec<>("credits.v1",
            CreditEvent.class, "billing account", false, "compensation", "finance");
    public static final TopicSpec<Invoice> BILLING_INVOICES = new TopicSpec<>("billing.invoices.v1",
            Invoice.class, "account id", false, "billing", "compensation");
    public static final TopicSpec<InvoiceHoldEvent> BILLING_INVOICE_HOLDS = new TopicSpec<>(
            "billing.invoice-holds.v1", InvoiceHoldEvent.class, "account id", false, "compensation",
            "billing, notifier");

    public static final List<TopicSpec<?>> ALL = List.of(NETWORK_ALARMS, CUSTOMER_COMPLAINTS, NETWORK_TOPOLOGY,
            SUBSCRIBERS, OUTAGES, NOTICE_RECEIPTS, CREDITS, BILLING_INVOICES, BILLING_INVOICE_HOLDS);

    private Topics() {
    }

    public static Optional<TopicSpec<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
