package io.faultline.notifier.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a national SMS send costs: every brand x locale x SMS stage rendered with realistic worst-case values (the
 * detector's longest outage references, a 60-character title, two services, a known ETA, the production status
 * address) stays within two parts. Every template stays in GSM-7 (153 characters per part of a concatenated
 * message): the French ones use only accents GSM 03.38 has (é è à ù, not ê ô), since one such character switches the
 * whole message to UCS-2 (67 per part) and doubles its parts. A template that grows past the budget fails here
 * before it multiplies the bill of 32 million messages.
 */
class SmsSegmentBudgetTest {

    private static final Map<String, Integer> PART_BUDGET = Map.of("en", 2, "fr", 2);
    private static final Map<String, String> BRANDS = Map.of("meridian", "Meridian", "skylark", "Skylark Mobile",
            "volta", "Volta", "lyra", "Lyra Mobile");
    private static final String LONGEST_REFERENCE = "OUT-20181206T053000-east-midlands-VOICEMAIL";
    private static final String TITLE = "Mobile data and calls unavailable in the East Midlands area";

    private final MessageCatalog catalog = new MessageCatalog(BRANDS, "https://status.meridian.example");

    @Test
    void everySmsTemplateStaysWithinItsPartBudget() {
        List<String> report = new ArrayList<>();
        List<String> overBudget = new ArrayList<>();
        for (String brand : BRANDS.keySet()) {
            for (String locale : PART_BUDGET.keySet()) {
                for (OutageStatus stage : List.of(OutageStatus.DETECTED, OutageStatus.REOPENED,
                        OutageStatus.RESOLVED)) {
                    String text = catalog.render(worstCase(brand, locale, stage)).body();
                    SmsEncoding.Encoded encoded = SmsEncoding.encode(text, 1);
                    String line = String.format("%s/%s/%s: %d characters, %s, %d part(s)", brand, locale, stage,
                            text.length(), encoded.dataCoding() == SmsEncoding.DATA_CODING_UCS2 ? "UCS-2" : "GSM-7",
                            encoded.parts().size());
                    report.add(line);
                    if (encoded.parts().size() > PART_BUDGET.get(locale)) {
                        overBudget.add(line + " > " + PART_BUDGET.get(locale) + ": " + text);
                    }
                    assertThat(encoded.dataCoding()).as("stays in GSM-7: %s", text)
                            .isEqualTo(SmsEncoding.DATA_CODING_GSM);
                }
            }
        }
        report.forEach(System.out::println);
        assertThat(overBudget).as("SMS templates over their part budget").isEmpty();
        assertThat(report).hasSize(BRANDS.size() * PART_BUDGET.size() * 3);
    }

    private static NoticeRequest worstCase(String brand, String locale, OutageStatus stage) {
        Instant start = Instant.parse("2018-12-06T05:30:00Z");
        return new NoticeRequest(LONGEST_REFERENCE + ":" + stage + ":S1:SMS", LONGEST_REFERENCE, 3, stage, "S1",
                NoticeChannel.SMS, "447700900001", locale, brand, false, TITLE, Set.of(Service.DATA, Service.VOICE),
                start, stage == OutageStatus.RESOLVED ? start.plusSeconds(86_400) : null, start,
                start.plusSeconds(6 * 3600), "Engineers are replacing a failed core router.");
    }
}
