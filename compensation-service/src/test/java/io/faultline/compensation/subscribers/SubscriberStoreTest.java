package io.faultline.compensation.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberStoreTest {

    @Test
    void arrayLiteralsQuoteEveryValueAndEscapeQuotesAndBackslashes() {
        assertThat(SubscriberStore.arrayLiteral(List.of())).isEqualTo("{}");
        assertThat(SubscriberStore.arrayLiteral(List.of("HLR-1", "VM 1"))).isEqualTo("{\"HLR-1\",\"VM 1\"}");
        assertThat(SubscriberStore.arrayLiteral(List.of("a\"b", "c\\d", "{e,f}")))
                .isEqualTo("{\"a\\\"b\",\"c\\\\d\",\"{e,f}\"}");
    }
}
