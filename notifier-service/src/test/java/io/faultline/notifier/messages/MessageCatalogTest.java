package io.faultline.notifier.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
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

    @Test
    void aKnownEtaIsInEveryNoticeOfTheStartAndTheNocsPublicMessageInItsEmails() {
        Instant eta = Instant.parse("2018-12-06T18:00:00Z");
        String message = "Engineers are replacing a failed card in the Slough exchange.";

        RenderedNotice email = catalog.render(withEta(request("en", "meridian", NoticeChannel.EMAIL,
                OutageStatus.DETECTED), eta, message));
        String sms = catalog.render(withEta(request("en", "meridian", NoticeChannel.SMS, OutageStatus.DETECTED), eta,
                message)).body();
        String update = catalog.render(withEta(request("en", "meridian", NoticeChannel.EMAIL, OutageStatus.UPDATED),
                eta, message)).body();
        String french = catalog.render(withEta(request("fr", "skylark", NoticeChannel.SMS, OutageStatus.DETECTED), eta,
                null)).body();

        assertThat(email.body()).contains("(expected back by 06/12 18:00 UTC)")
                .contains("Latest from our engineers: " + message + "\n\nFollow progress");
        assertThat(update).contains("Status: expected back by 06/12 18:00 UTC.").contains(message);
        assertThat(sms).contains("(expected back by 06/12 18:00 UTC)").doesNotContain(message);
        assertThat(french).contains("(retour prévu le 06/12 18:00 UTC)");
    }

    @Test
    void anUnknownEtaIsSaidInEmailsAndCostsAnSmsNothing() {
        String email = catalog.render(request("en", "meridian", NoticeChannel.EMAIL, OutageStatus.DETECTED)).body();
        String sms = catalog.render(request("en", "meridian", NoticeChannel.SMS, OutageStatus.DETECTED)).body();

        assertThat(email).contains("(no estimate yet of when it will be back)").doesNotContain("Latest from");
        assertThat(sms).doesNotContain("estimate").doesNotContain("()").contains("We are fixing it and will text");
    }

    private static NoticeRequest withEta(NoticeRequest notice, Instant eta, String publicMessage) {
        return new NoticeRequest(notice.noticeId(), notice.outageId(), notice.outageVersion(), notice.stage(),
                notice.subscriberId(), notice.channel(), notice.address(), notice.locale(), notice.brand(),
                notice.vulnerable(), notice.title(), notice.services(), notice.startedAt(), notice.endedAt(),
                notice.decidedAt(), eta, publicMessage);
    }

    private static NoticeRequest request(String locale, String brand, NoticeChannel channel, OutageStatus stage) {
        Instant start = Instant.parse("2018-12-06T05:30:00Z");
        return new NoticeRequest("OUT-1:" + stage + ":S1:" + channel, "OUT-1", 1, stage, "S1", channel,
                channel == NoticeChannel.SMS ? "447700900001" : "a@b.example", locale, brand, false,
                "Mobile data unavailable in 10 regions", Set.of(Service.DATA), start,
                stage == OutageStatus.RESOLVED ? start.plusSeconds(86_400) : null, start);
    }

    private static NoticeRequest heldInvoice(String locale, NoticeChannel channel, long amountMinor, String currency) {
        return new NoticeRequest("hold:INV-9:S-1:" + channel, "hold:INV-9", 0, null, "S-1", channel,
                channel == NoticeChannel.SMS ? "447700900001" : "s1@mail.example", locale, "meridian", false, null,
                Set.of(), Instant.parse("2012-11-02T06:00:03Z"), null, Instant.parse("2012-11-02T06:00:03Z"), null,
                null, NoticeKind.INVOICE_HOLD, new NoticeRequest.HeldInvoice("INV-9", amountMinor, currency));
    }

    @Test
    void aHeldInvoiceIsToldWithItsTotalInTheCustomersLanguageAndNoOutageWording() {
        String sms = catalog.render(heldInvoice("en", NoticeChannel.SMS, 412_345, "EUR")).body();
        assertThat(sms).startsWith("Meridian: your latest bill (EUR 4,123.45) is much higher than usual")
                .contains("Ref INV-9").doesNotContain("{").doesNotContain("outage");
        assertThat(SmsEncoding.encode(sms, 1).parts()).as("an English notice stays in GSM-7, two parts at most")
                .hasSizeLessThanOrEqualTo(2);

        RenderedNotice email = catalog.render(heldInvoice("fr", NoticeChannel.EMAIL, 412_345, "EUR"));
        assertThat(email.subject()).isEqualTo("Meridian : votre facture de 4 123,45 EUR est suspendue");
        assertThat(email.body()).contains("INV-9").contains("4 123,45 EUR").doesNotContain("{");
        assertThat(catalog.render(heldInvoice("en", NoticeChannel.SMS, 41_000, "JPY")).body())
                .as("a currency without minor units").contains("JPY 41,000");
    }
}
