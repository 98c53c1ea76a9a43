package io.faultline.compensation.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.Invoice;
import io.faultline.compensation.policy.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When an invoice is a bill shock, worked by hand. */
class BillShockGuardTest {

    private final BillShockGuard guard = new BillShockGuard(Map.of("business-mobile-data", Money.parse("EUR 200")),
            3, BigDecimal.valueOf(3), Map.of("EUR", 5_000L));

    @Test
    void aBusinessDataInvoiceAboveTwoHundredEurosIsHeldAndOneAtTwoHundredIsNot() {
        assertThat(guard.assess(invoice("business-mobile-data", 412_345, "EUR"), List.of())).hasValueSatisfying(
                hold -> {
                    assertThat(hold.reason()).isEqualTo("Invoice total EUR 4123.45 exceeds the EUR 200.00 bill-shock"
                            + " threshold of segment business-mobile-data: contact the customer before sending");
                    assertThat(hold.thresholdMinor()).isEqualTo(20_000);
                });
        assertThat(guard.assess(invoice("business-mobile-data", 20_000, "EUR"), List.of())).isEmpty();
        assertThat(guard.assess(invoice("business-mobile-data", 20_001, "GBP"), List.of()))
                .as("the threshold is in euros: a pound invoice falls to the history rule").isEmpty();
    }

    @Test
    void anInvoiceMoreThanThreeTimesTheMedianOfTheLastOnesIsHeld() {
        // median of 40.00, 55.00, 45.00, 50.00 = (45.00 + 50.00) / 2 = 47.50; 3 x 47.50 = 142.50
        List<Long> earlier = List.of(4_000L, 5_500L, 4_500L, 5_000L);
        assertThat(guard.assess(invoice("consumer", 14_250, "EUR"), earlier)).isEmpty();
        assertThat(guard.assess(invoice("consumer", 14_251, "EUR"), earlier)).hasValueSatisfying(hold -> {
            assertThat(hold.reason()).isEqualTo("Invoice total EUR 142.51 is more than 3 times the median EUR 47.50"
                    + " of the account's last 4 invoices: contact the customer before sending");
            assertThat(hold.thresholdMinor()).isEqualTo(14_250);
        });
    }

    @Test
    void tooShortAHistoryOrTooSmallAnIncreaseHoldsNothing() {
        assertThat(guard.assess(invoice("consumer", 100_000, "EUR"), List.of(1_000L, 1_000L)))
                .as("two earlier invoices are not a history").isEmpty();
        // 3 x 10.00 = 30.00 is exceeded, but 45.00 is only 35.00 above the median: less than the EUR 50 minimum
        assertThat(guard.assess(invoice("consumer", 4_500, "EUR"), List.of(1_000L, 1_000L, 1_000L))).isEmpty();
        assertThat(guard.assess(invoice("consumer", 6_001, "EUR"), List.of(1_000L, 1_000L, 1_000L))).isPresent();
    }

    @Test
    void aGuardThatWouldHoldEveryUsualBillIsRefused() {
        assertThatThrownBy(() -> new BillShockGuard(Map.of(), 3, BigDecimal.ONE, Map.of()))
                .hasMessageContaining("more than 1 times");
        assertThatThrownBy(() -> new BillShockGuard(Map.of(), 0, BigDecimal.TEN, Map.of()))
                .hasMessageContaining("at least 1");
    }

    private static Invoice invoice(String segment, long amountMinor, String currency) {
        return new Invoice("INV-1", "BA-1", segment, amountMinor, currency, LocalDate.of(2012, 10, 1),
                LocalDate.of(2012, 10, 31), Instant.parse("2012-11-02T06:00:00Z"));
    }
}
