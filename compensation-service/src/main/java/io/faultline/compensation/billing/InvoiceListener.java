package io.faultline.compensation.billing;

import io.faultline.common.events.Invoice;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Checks every invoice of {@code billing.invoices.v1} before billing sends it. */
@Component
public class InvoiceListener {

    private final BillShockService billShock;

    public InvoiceListener(BillShockService billShock) {
        this.billShock = billShock;
    }

    @KafkaListener(id = "compensation-invoices", idIsGroup = false, topics = "billing.invoices.v1",
            containerFactory = "invoiceListenerContainerFactory")
    public void onInvoice(ConsumerRecord<String, Invoice> record) {
        if (record.value() != null) {
            billShock.check(record.value());
        }
    }
}
