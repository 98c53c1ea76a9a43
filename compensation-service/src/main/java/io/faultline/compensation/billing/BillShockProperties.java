package io.faultline.compensation.billing;

import io.faultline.common.events.InvoiceHeld;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the bill-shock guard ({@code faultline.compensation.bill-shock.*}).
 *
 * @param segmentThresholds per segment, the total above which an invoice is held, written {@code "CCY amount"}
 * @param historyInvoices   how many of the account's last invoices the history rule looks at
 * @param minimumHistory    fewest earlier invoices for the history rule
 * @param multiple          how many times the median of those invoices is a shock
 * @param minimumIncrease   per currency ({@code "CCY amount"}), the least increase over the median that is a shock
 * @param contactLines      at most how many of the account's lines (lowest ids first) the notifier tells that an
 *                          invoice is held
 */
@ConfigurationProperties("faultline.compensation.bill-shock")
public record BillShockProperties(@DefaultValue Map<String, String> segmentThresholds,
                                  @DefaultValue("6") int historyInvoices, @DefaultValue("3") int minimumHistory,
                                  @DefaultValue("3") BigDecimal multiple, @DefaultValue List<String> minimumIncrease,
                                  @DefaultValue("3") int contactLines) {

    public BillShockProperties {
        if (contactLines < 0 || contactLines > InvoiceHeld.MAX_CONTACT_LINES) {
            throw new IllegalArgumentException("faultline.compensation.bill-shock.contact-lines must be 0 to "
                    + InvoiceHeld.MAX_CONTACT_LINES + ", was " + contactLines);
        }
    }
}
