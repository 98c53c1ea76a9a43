package io.faultline.notifier.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageCatalogTest {

    private final MessageCatalog catalog = new MessageCatalog(Map.of("meridian", "Meridian", "skylark", "Skylark Mobile"),
            "https://status.example");

    @ParameterizedTest
    @CsvSource({"en,SMS,DETECTED", "en,SMS,RESOLVED", "en,SMS,REOPENED", "fr,SMS,DETECTED", "fr,SMS,RESOLVED",
            "en,EMAIL,DETECTED", "en,EMAIL,UPDATED", "en,EMAIL,RESOLVED", "fr,EMAIL,DETECTED", "fr,EMAIL,RESOLVED"})
    void everyTemplateIsFilledCompletely(String locale, NoticeChannel channel, OutageStatus stage) {
        RenderedNotice notice = catalog.render(request(locale, "skylark", channel, stage));
        assertThat(notice.body()).doesNotContain("{").contains("Skylark").contains("OUT-1")
                .contains("https://status.example");
        if (channel == NoticeChannel.EMAIL) {
            assertThat(notice.subject()).doesNotContain("{").isNotBlank();
        } else {
            assertThat(notice.subject()).isNull();
        }
    }

    @Test
    void aBrandOverrideWinsOverTheDefaultTemplate() {
        String skylark = catalog.render(request("en", "skylark", NoticeChannel.SMS, OutageStatus.DETECTED)).body();
        String meridian = catalog.render(request("en", "meridian", NoticeChannel.SMS, OutageStatus.DETECTED)).body();
        assertThat(skylark).startsWith("Skylark here!").contains("host network");
        assertThat(meridian).startsWith("Meridian: we know");
        assertThat(catalog.render(request("fr", "skylark", NoticeChannel.SMS, OutageStatus.RESOLVED)).body())
                .startsWith("Skylark : ");
    }

    @Test
    void frenchCustomersAreToldInFrenchAndUnknownLocalesFallBackToEnglish() {
        assertThat(catalog.render(request("fr-FR", "meridian", NoticeChannel.SMS, OutageStatus.RESOLVED)).body())
                .contains("fonctionne de nouveau").contains("l'internet mobile");
        assertThat(catalog.render(request("de", "meridian", NoticeChannel.SMS, OutageStatus.RESOLVED)).body())
                .contains("working again").contains("mobile data");
    }

    private static NoticeRequest request(String locale, String brand, NoticeChannel channel, OutageStatus stage) {
        Instant start = Instant.parse("2018-12-06T05:30:00Z");
        return new NoticeRequest("OUT-1:" + stage + ":S1:" + channel, "OUT-1", 1, stage, "S1", channel,
                channel == NoticeChannel.SMS ? "447700900001" : "a@b.example", locale, brand, false,
                "Mobile data unavailable in 10 regions", Set.of(Service.DATA), start,
                stage == OutageStatus.RESOLVED ? start.plusSeconds(86_400) : null, start);
    }
}
