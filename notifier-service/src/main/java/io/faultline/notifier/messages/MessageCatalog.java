package io.faultline.notifier.messages;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Notice templates per brand x locale x stage x channel, from {@code templates/notices_LOCALE.properties}, and
 * per brand x locale x channel for an invoice held by the bill-shock guard ({@code CHANNEL.INVOICE_HOLD}). An
 * outage's text is the same for every customer of a brand, language, channel and stage, so it is rendered once and
 * kept (thread-safe).
 * Lookup order: {@code BRAND.CHANNEL.STAGE[.part]}, then {@code CHANNEL.STAGE[.part]}; an unknown locale falls
 * back to English. Placeholders: {brand}, {title}, {ref}, {services}, {since}, {ended}, {statusUrl}, {eta} (when the
 * service is expected back, or a plain "no estimate yet" in the locale), {etaIfKnown} (the same in parentheses when
 * known, else nothing: an SMS spends no segment on an unknown ETA) and {publicMessage} (the NOC's public message as
 * its own paragraph, or nothing; emails only: it is free text of any length).
 */
public final class MessageCatalog {

    public static final List<String> LOCALES = List.of("en", "fr");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM HH:mm 'UTC'")
            .withZone(ZoneId.of("UTC"));

    /** How many texts are kept: a national outage renders one per brand, language, channel and stage. */
    private static final int RENDERED_KEPT = 4_096;

    private final Map<String, Properties> templates = new HashMap<>();
    private final Map<OutageText, RenderedNotice> rendered = new ConcurrentHashMap<>();
    private final Map<String, String> brandNames;
    private final String statusUrl;

    public MessageCatalog(Map<String, String> brandNames, String statusUrl) {
        this.brandNames = Map.copyOf(brandNames);
        this.statusUrl = statusUrl;
        for (String locale : LOCALES) {
            templates.put(locale, load("templates/notices_" + locale + ".properties"));
        }
    }

    public RenderedNotice render(NoticeRequest notice) {
        if (notice.kind() == NoticeKind.INVOICE_HOLD) {
            return renderInvoiceHold(notice);
        }
        OutageText key = new OutageText(language(notice.locale()), notice.brand(), notice.channel(), notice.stage(),
                notice.outageId(), notice.title(), notice.services(), notice.startedAt(), notice.endedAt(),
                notice.eta(), notice.publicMessage());
        RenderedNotice known = rendered.get(key);
        if (known != null) {
            return known;
        }
        RenderedNotice fresh = renderOutage(notice);
        if (rendered.size() >= RENDERED_KEPT) {
            rendered.clear();
        }
        rendered.put(key, fresh);
        return fresh;
    }

    /** Everything an outage notice's text depends on: it is the same for every customer told with these. */
    private record OutageText(String language, String brand, NoticeChannel channel, OutageStatus stage,
                              String outageId, String title, Set<Service> services, Instant startedAt,
                              Instant endedAt, Instant eta, String publicMessage) {
    }

    private RenderedNotice renderOutage(NoticeRequest notice) {
        Properties locale = templates.getOrDefault(language(notice.locale()), templates.get("en"));
        String eta = notice.eta() == null ? null
                : locale.getProperty("eta.known").replace("{time}", TIME.format(notice.eta()));
        Map<String, String> values = Map.of(
                "brand", brandNames.getOrDefault(notice.brand(), notice.brand()),
                "title", notice.title(),
                "ref", notice.outageId(),
                "services", notice.services().stream().sorted().map(s -> serviceName(locale, s))
                        .collect(Collectors.joining(", ")),
                "since", TIME.format(notice.startedAt()),
                "ended", notice.endedAt() == null ? "" : TIME.format(notice.endedAt()),
                "eta", eta == null ? locale.getProperty("eta.unknown") : eta,
                "etaIfKnown", eta == null ? "" : " (" + eta + ")",
                "publicMessage", notice.publicMessage() == null || notice.publicMessage().isBlank() ? ""
                        : locale.getProperty("message.prefix") + notice.publicMessage().strip() + "\n\n",
                "statusUrl", statusUrl);
        return rendered(notice, locale, notice.stage().name(), values);
    }

    /** A held invoice: {brand}, {amount} (its total with its currency, in the locale's figures) and {invoice}. */
    private RenderedNotice renderInvoiceHold(NoticeRequest notice) {
        String language = language(notice.locale());
        Properties locale = templates.getOrDefault(language, templates.get("en"));
        NoticeRequest.HeldInvoice invoice = notice.invoice();
        Map<String, String> values = Map.of(
                "brand", brandNames.getOrDefault(notice.brand(), notice.brand()),
                "amount", amount(invoice.amountMinor(), invoice.currency(),
                        templates.containsKey(language) ? language : "en"),
                "invoice", invoice.invoiceId());
        return rendered(notice, locale, NoticeKind.INVOICE_HOLD.name(), values);
    }

    /** The notice's text from the templates {@code CHANNEL.subject[.part]}, its brand's first. */
    private static RenderedNotice rendered(NoticeRequest notice, Properties locale, String subject,
                                           Map<String, String> values) {
        String base = (notice.channel() == NoticeChannel.SMS ? "sms" : "email") + "." + subject;
        if (notice.channel() == NoticeChannel.SMS) {
            return new RenderedNotice(null, fill(template(locale, notice.brand(), base), values));
        }
        return new RenderedNotice(fill(template(locale, notice.brand(), base + ".subject"), values),
                fill(template(locale, notice.brand(), base + ".body"), values));
    }

    /**
     * A total in minor units with its currency: {@code GBP 4,123.45} in English, {@code 4 123,45 EUR} in French
     * (plain spaces, so that an English SMS stays in GSM-7).
     */
    static String amount(long minor, String currency, String language) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 2;
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.forLanguageTag(language));
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        String figure = format.format(BigDecimal.valueOf(minor, digits)).replace('\u202f', ' ')
                .replace('\u00a0', ' ');
        return language.equals("en") ? currency + " " + figure : figure + " " + currency;
    }

    private static String template(Properties locale, String brand, String key) {
        String text = locale.getProperty(brand + "." + key, locale.getProperty(key));
        if (text == null) {
            throw new IllegalStateException("no notice template '" + key + "'");
        }
        return text;
    }

    private static String serviceName(Properties locale, Service service) {
        return locale.getProperty("service." + service, service.name().toLowerCase(Locale.ROOT));
    }

    private static String language(String locale) {
        return locale == null ? "en" : locale.toLowerCase(Locale.ROOT).split("[-_]")[0];
    }

    private static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    private static Properties load(String resource) {
        try (InputStream in = MessageCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
