package io.faultline.compensation.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a liability waits for a finance user's approval. */
class ApprovalThresholdsTest {

    @Test
    void withoutThresholdsEveryGrantIsAutomatic() {
        ApprovalThresholds none = ApprovalThresholds.parse(List.of(""));
        assertThat(none.configured()).isFalse();
        assertThat(none.exceededBy(Map.of("GBP", Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void aLiabilityAboveItsCurrencysThresholdWaitsAndOneAtItDoesNot() {
        ApprovalThresholds thresholds = ApprovalThresholds.parse(List.of("GBP 250000", "JPY 1000000"));
        assertThat(thresholds.exceededBy(Map.of("GBP", 25_000_000L))).isEmpty();
        assertThat(thresholds.exceededBy(Map.of("GBP", 25_000_001L)))
                .hasValue("GBP 250000.01 is above the approval threshold GBP 250000.00");
        assertThat(thresholds.exceededBy(Map.of("JPY", 1_000_001L)))
                .hasValue("JPY 1000001 is above the approval threshold JPY 1000000");
    }

    @Test
    void onceThresholdsAreConfiguredACurrencyWithoutOneAlwaysWaits() {
        ApprovalThresholds thresholds = ApprovalThresholds.parse(List.of("GBP 250000"));
        assertThat(thresholds.exceededBy(Map.of("EUR", 1L)))
                .hasValue("EUR 0.01 in a currency without an approval threshold");
        assertThat(thresholds.exceededBy(Map.of("EUR", 0L))).isEmpty();
    }

    @Test
    void aCurrencyNamedTwiceOrAnAmountThatIsNotMoneyIsRefused() {
        assertThatThrownBy(() -> ApprovalThresholds.parse(List.of("GBP 1", "GBP 2"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ApprovalThresholds.parse(List.of("GBP 1.001"))).hasMessageContaining("2 decimals");
        assertThatThrownBy(() -> ApprovalThresholds.parse(List.of("250000"))).hasMessageContaining("CCY 12.34");
    }
}
