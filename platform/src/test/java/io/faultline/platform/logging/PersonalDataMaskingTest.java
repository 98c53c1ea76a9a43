package io.faultline.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataMaskingTest {

    @Test
    void masksPhoneNumbersKeepingTheLastThreeDigits() {
        assertThat(PersonalDataMasking.mask("sending to 447700900123 now"))
                .isEqualTo("sending to *********123 now");
        assertThat(PersonalDataMasking.mask("to +33612345678."))
                .isEqualTo("to +********678.");
    }

    @Test
    void masksEmailAddressesKeepingTheFirstLetterAndDomain() {
        assertThat(PersonalDataMasking.mask("mail jane.doe@example.com failed"))
                .isEqualTo("mail j***@example.com failed");
    }

    @Test
    void leavesIdsTimestampsAndShortNumbersAlone() {
        String text = "outage OUT-20181206-0001 v2 at 2018-12-06T05:30:00Z, 250 notices, partition 3 offset 1234";
        assertThat(PersonalDataMasking.mask(text)).isEqualTo(text);
    }
}
