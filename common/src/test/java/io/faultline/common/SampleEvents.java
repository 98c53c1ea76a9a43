package io.faultline.common;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ComplaintChannel;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.ElementType;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceReleased;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeKind;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageDetected;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageReopened;
import io.faultline.common.events.OutageResolved;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.OutageUpdated;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Realistic test data: one sample per event type, modelled on the O2 UK outage of December 2018 (expired
 * certificate in the packet core, mobile data down ~24 h) and the Orange 3G+ business bills of November 2012.
 * Every factory method returns a fresh, valid event; the fluent builders start from the same values and let a
 * test change only what it is about.
 */
public final class SampleEvents {

    /** Onset of the sample outage: the packet gateways' certificate expired. */
    public static final Instant ONSET = Instant.parse("2018-12-06T04:33:12Z");
    public static final Instant DETECTED_AT = ONSET.plus(Duration.ofMinutes(8));
    public static final Instant ENDED_AT = Instant.parse("2018-12-07T04:30:00Z");

    public static final String OUTAGE_ID = "OUT-20181206-0001";
    public static final String SUBSCRIBER_ID = "sub-0000042";
    public static final String BILLING_ACCOUNT = "BA-1000042";
    public static final String ALARM_ID = "ALM-PGW-LON-01-778812";
    public static final String ELEMENT_ID = "pgw-lon-01";

    private SampleEvents() {
    }

    // ---------------------------------------------------------------- one sample per event type

    /** A critical alarm on a packet gateway. */
    public static NetworkAlarm networkAlarm() {
        return anAlarm().build();
    }

    /** A customer who cannot use mobile data complains in the app. */
    public static CustomerComplaint customerComplaint() {
        return aComplaint().build();
    }

    /** The packet gateway that serves London and the South East. */
    public static NetworkElement networkElement() {
        return new NetworkElement(ELEMENT_ID, ElementType.PACKET_GATEWAY, "core-uk-south",
                List.of("UK-LON", "UK-SE"), Set.of(Service.DATA), 8_500_000L, Instant.parse("2018-11-20T09:15:00Z"));
    }

    /** A vulnerable pay-monthly customer on an unlimited-data plan (airtime + handset charges). */
    public static Subscriber subscriber() {
        return aSubscriber().build();
    }

    /** The open outage, version 1. */
    public static OutageSnapshot outageSnapshot() {
        return anOutage().snapshot();
    }

    public static OutageDetected outageDetected() {
        return (OutageDetected) anOutage().version(1).event(OutageStatus.DETECTED, DETECTED_AT);
    }

    public static OutageUpdated outageUpdated() {
        return (OutageUpdated) anOutage().version(2)
                .publicMessage("Engineers have found the cause, a software fault at a supplier. Calls and texts"
                        + " work; mobile data is still unavailable.")
                .event(OutageStatus.UPDATED, DETECTED_AT.plus(Duration.ofHours(3)));
    }

    public static OutageResolved outageResolved() {
        return (OutageResolved) anOutage().version(3).endedAt(ENDED_AT)
                .publicMessage("Mobile data is working again. We are sorry for the disruption.")
                .event(OutageStatus.RESOLVED, ENDED_AT.plus(Duration.ofMinutes(5)));
    }

    /** Complaints kept coming after "resolved": the outage is reopened, open again (no end). */
    public static OutageReopened outageReopened() {
        return (OutageReopened) anOutage().version(4).complaints(4_210, 180.0)
                .publicMessage("Some customers still cannot send texts. We are working on it.")
                .event(OutageStatus.REOPENED, ENDED_AT.plus(Duration.ofMinutes(50)));
    }

    /** One sample of every outage stage, in lifecycle order. */
    public static List<OutageEvent> outageEvents() {
        return List.of(outageDetected(), outageUpdated(), outageResolved(), outageReopened());
    }

    /** The SMS telling our subscriber about the outage was delivered. */
    public static NoticeReceipt noticeReceipt() {
        return new NoticeReceipt(
                NoticeReceipt.noticeIdOf(OUTAGE_ID, OutageStatus.DETECTED, SUBSCRIBER_ID, NoticeChannel.SMS),
                SUBSCRIBER_ID, OUTAGE_ID, 1L, OutageStatus.DETECTED, NoticeChannel.SMS, NoticeState.DELIVERED,
                "smsc-7f3a9c01", null, DETECTED_AT.plus(Duration.ofMinutes(2)));
    }

    /** The SMS telling the account's first line that its invoice is held was accepted by the SMSC. */
    public static NoticeReceipt invoiceHoldReceipt() {
        return new NoticeReceipt(NoticeReceipt.noticeIdOfHold("hold:INV-2012-11-000777", "S-PRO-3344-01",
                NoticeChannel.SMS), "S-PRO-3344-01", "hold:INV-2012-11-000777", 0L, null, NoticeChannel.SMS,
                NoticeState.ACCEPTED, "smsc-7f3a9c02", null, Instant.parse("2012-11-02T06:00:05Z"),
                NoticeKind.INVOICE_HOLD);
    }

    /** Two days of the monthly airtime charge: 1300 x 2 / 30 = 86.67, rounded half-up to 87 pence. */
    public static CreditGranted creditGranted() {
        CalculationTrace trace = new CalculationTrace(List.of("airtime"), 1_300L, 2, 30, "THIRTY",
                "86.666666666666666667", "HALF_UP", "airtime 1300 x 2 / 30");
        return new CreditGranted("credit:" + OUTAGE_ID + ":pm-airtime-2days@3:" + SUBSCRIBER_ID, OUTAGE_ID,
                "pm-airtime-2days", 3, SUBSCRIBER_ID, BILLING_ACCOUNT, CreditKind.MONETARY, 87L, "GBP", true,
                "OUTAGE_GOODWILL", trace, ENDED_AT.plus(Duration.ofHours(1)));
    }

    /** A business mobile-data invoice of EUR 4,123.45 (the Orange 3G+ bill shock). */
    public static Invoice invoice() {
        return new Invoice("INV-2012-11-000777", "BA-PRO-3344", "business-mobile-data", 412_345L, "EUR",
                LocalDate.of(2012, 10, 1), LocalDate.of(2012, 10, 31), Instant.parse("2012-11-02T06:00:00Z"));
    }

    /** That invoice held: it is above the EUR 200 threshold of its segment. */
    public static InvoiceHeld invoiceHeld() {
        return new InvoiceHeld("hold:INV-2012-11-000777", "INV-2012-11-000777", "BA-PRO-3344",
                "Invoice total EUR 4123.45 exceeds the EUR 200.00 bill-shock threshold of segment"
                        + " business-mobile-data: contact the customer before sending",
                412_345L, 20_000L, "EUR", Instant.parse("2012-11-02T06:00:03Z"),
                List.of("S-PRO-3344-01", "S-PRO-3344-02"));
    }

    /** That invoice released after care called the customer, adjusted to the tariff that should have applied. */
    public static InvoiceReleased invoiceReleased() {
        return new InvoiceReleased("hold:INV-2012-11-000777", "INV-2012-11-000777", "BA-PRO-3344", 8_900L, 412_345L,
                "EUR", true, "care-agent-17", "Roaming data charged at the wrong tariff; customer agreed to EUR 89.00",
                Instant.parse("2012-11-03T10:15:00Z"));
    }

    /** One sample of every concrete event type, every outage stage included. */
    public static List<FaultlineEvent> all() {
        List<FaultlineEvent> all = new ArrayList<>();
        all.add(networkAlarm());
        all.add(customerComplaint());
        all.add(networkElement());
        all.add(subscriber());
        all.addAll(outageEvents());
        all.add(noticeReceipt());
        all.add(invoiceHoldReceipt());
        all.add(creditGranted());
        all.add(invoice());
        all.add(invoiceHeld());
        all.add(invoiceReleased());
        return List.copyOf(all);
    }

    /** The topic that carries events of this type: the one whose value type the event is an instance of. */
    public static TopicSpec<?> topicOf(FaultlineEvent event) {
        return Topics.ALL.stream().filter(t -> t.valueType().isInstance(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic carries " + event.getClass()));
    }

    // ---------------------------------------------------------------- fluent builders

    public static AlarmBuilder anAlarm() {
        return new AlarmBuilder();
    }

    public static ComplaintBuilder aComplaint() {
        return new ComplaintBuilder();
    }

    public static SubscriberBuilder aSubscriber() {
        return new SubscriberBuilder();
    }

    public static OutageBuilder anOutage() {
        return new OutageBuilder();
    }

    /** Builds {@link NetworkAlarm}s; defaults to a critical alarm on {@link #ELEMENT_ID} at {@link #ONSET}. */
    public static final class AlarmBuilder {
        private String alarmId = ALARM_ID;
        private String sourceId = ELEMENT_ID;
        private AlarmSeverity severity = AlarmSeverity.CRITICAL;
        private String alarmType = "COMMUNICATIONS_ALARM";
        private String probableCause = "SOFTWARE_ERROR";
        private String specificProblem = "TLS certificate expired in packet core software (vendor build 5.2.1)";
        private Instant eventTime = ONSET;

        public AlarmBuilder alarmId(String alarmId) {
            this.alarmId = alarmId;
            return this;
        }

        public AlarmBuilder source(String sourceId) {
            this.sourceId = sourceId;
            return this;
        }

        public AlarmBuilder severity(AlarmSeverity severity) {
            this.severity = severity;
            return this;
        }

        /** A clear of the same alarm. */
        public AlarmBuilder cleared() {
            return severity(AlarmSeverity.CLEARED);
        }

        public AlarmBuilder at(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        /** Only the required fields. */
        public AlarmBuilder minimal() {
            alarmType = null;
            probableCause = null;
            specificProblem = null;
            return this;
        }

        public NetworkAlarm build() {
            return new NetworkAlarm(alarmId, sourceId, severity, alarmType, probableCause, specificProblem, eventTime);
        }
    }

    /** Builds {@link CustomerComplaint}s; defaults to a data complaint in London made in the app. */
    public static final class ComplaintBuilder {
        private String complaintId = "CC-88412093";
        private String subscriberId = SUBSCRIBER_ID;
        private String region = "UK-LON";
        private String cellId = "234-10-1021-33001";
        private Service service = Service.DATA;
        private ComplaintChannel channel = ComplaintChannel.APP;
        private Instant time = ONSET.plus(Duration.ofMinutes(4));

        public ComplaintBuilder id(String complaintId) {
            this.complaintId = complaintId;
            return this;
        }

        public ComplaintBuilder subscriber(String subscriberId) {
            this.subscriberId = subscriberId;
            return this;
        }

        public ComplaintBuilder region(String region) {
            this.region = region;
            return this;
        }

        public ComplaintBuilder cell(String cellId) {
            this.cellId = cellId;
            return this;
        }

        public ComplaintBuilder service(Service service) {
            this.service = service;
            return this;
        }

        public ComplaintBuilder channel(ComplaintChannel channel) {
            this.channel = channel;
            return this;
        }

        public ComplaintBuilder at(Instant time) {
            this.time = time;
            return this;
        }

        public CustomerComplaint build() {
            return new CustomerComplaint(complaintId, subscriberId, region, cellId, service, channel, time);
        }
    }

    /** Builds {@link Subscriber}s; defaults to a vulnerable pay-monthly O2 customer homed in London. */
    public static final class SubscriberBuilder {
        private String subscriberId = SUBSCRIBER_ID;
        private String msisdn = "447700900123";
        private String email = "jane.doe@example.co.uk";
        private String locale = "en";
        private String brand = "O2";
        private String billingAccount = BILLING_ACCOUNT;
        private String segment = "consumer";
        private Plan plan = payMonthlyPlan();
        private String homeRegion = "UK-LON";
        private Set<String> platforms = Set.of("vm-lon-01", "hss-uk-01");
        private ContactPreferences contact = new ContactPreferences(NoticeChannel.SMS, false);
        private boolean vulnerable = true;
        private Instant updatedAt = Instant.parse("2018-10-14T17:02:44Z");

        public SubscriberBuilder id(String subscriberId) {
            this.subscriberId = subscriberId;
            return this;
        }

        public SubscriberBuilder msisdn(String msisdn) {
            this.msisdn = msisdn;
            return this;
        }

        public SubscriberBuilder email(String email) {
            this.email = email;
            return this;
        }

        public SubscriberBuilder locale(String locale) {
            this.locale = locale;
            return this;
        }

        public SubscriberBuilder brand(String brand) {
            this.brand = brand;
            return this;
        }

        public SubscriberBuilder billingAccount(String billingAccount) {
            this.billingAccount = billingAccount;
            return this;
        }

        public SubscriberBuilder segment(String segment) {
            this.segment = segment;
            return this;
        }

        public SubscriberBuilder plan(Plan plan) {
            this.plan = plan;
            return this;
        }

        /** A pay-as-you-go plan: no monthly charges. */
        public SubscriberBuilder payAsYouGo() {
            return plan(new Plan("PAYG-DATA", PlanType.PAY_AS_YOU_GO, "GBP", List.of(),
                    Set.of(Service.VOICE, Service.SMS, Service.DATA), false));
        }

        public SubscriberBuilder homeRegion(String homeRegion) {
            this.homeRegion = homeRegion;
            return this;
        }

        public SubscriberBuilder platforms(String... platforms) {
            this.platforms = Set.of(platforms);
            return this;
        }

        public SubscriberBuilder contact(ContactPreferences contact) {
            this.contact = contact;
            return this;
        }

        public SubscriberBuilder vulnerable(boolean vulnerable) {
            this.vulnerable = vulnerable;
            return this;
        }

        public SubscriberBuilder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Subscriber build() {
            return new Subscriber(subscriberId, msisdn, email, locale, brand, billingAccount, segment, plan,
                    homeRegion, platforms, contact, vulnerable, updatedAt);
        }
    }

    /** GBP 13 airtime + GBP 22 handset a month, unlimited data. */
    public static Plan payMonthlyPlan() {
        return new Plan("PM-UNL-24", PlanType.PAY_MONTHLY, "GBP",
                List.of(new ChargeComponent("airtime", 1_300L), new ChargeComponent("handset", 2_200L)),
                Set.of(Service.VOICE, Service.SMS, Service.DATA, Service.VOICEMAIL), true);
    }

    /**
     * Builds outage snapshots and lifecycle events; defaults to the national mobile-data outage, version 1, open.
     */
    public static final class OutageBuilder {
        private String outageId = OUTAGE_ID;
        private long version = 1;
        private String title = "Mobile data unavailable nationwide";
        private OutageSeverity severity = OutageSeverity.CRITICAL;
        private Set<Service> services = Set.of(Service.DATA);
        private Set<String> regions = Set.of("UK-LON", "UK-SE", "UK-NW", "UK-SCO");
        private Set<String> elements = Set.of("pgw-lon-01", "pgw-man-01");
        private Instant startedAt = ONSET;
        private Instant detectedAt = DETECTED_AT;
        private Instant endedAt;
        private List<String> alarmIds = List.of(ALARM_ID, "ALM-PGW-MAN-01-112093");
        private long complaintCount = 18_432;
        private double complaintBaseline = 212.5;
        private double confidence = 0.97;
        private long estimatedAffected = 32_000_000L;
        private String publicMessage = "Mobile data is not working for many customers. Calls and texts work.";

        public OutageBuilder id(String outageId) {
            this.outageId = outageId;
            return this;
        }

        public OutageBuilder version(long version) {
            this.version = version;
            return this;
        }

        public OutageBuilder title(String title) {
            this.title = title;
            return this;
        }

        public OutageBuilder severity(OutageSeverity severity) {
            this.severity = severity;
            return this;
        }

        public OutageBuilder services(Service... services) {
            this.services = Set.of(services);
            return this;
        }

        public OutageBuilder regions(String... regions) {
            this.regions = Set.of(regions);
            return this;
        }

        public OutageBuilder elements(String... elements) {
            this.elements = Set.of(elements);
            return this;
        }

        public OutageBuilder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public OutageBuilder detectedAt(Instant detectedAt) {
            this.detectedAt = detectedAt;
            return this;
        }

        public OutageBuilder endedAt(Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        public OutageBuilder alarms(String... alarmIds) {
            this.alarmIds = List.of(alarmIds);
            return this;
        }

        public OutageBuilder complaints(long complaintCount, double complaintBaseline) {
            this.complaintCount = complaintCount;
            this.complaintBaseline = complaintBaseline;
            return this;
        }

        public OutageBuilder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        public OutageBuilder estimatedAffected(long estimatedAffected) {
            this.estimatedAffected = estimatedAffected;
            return this;
        }

        public OutageBuilder publicMessage(String publicMessage) {
            this.publicMessage = publicMessage;
            return this;
        }

        public OutageSnapshot snapshot() {
            return new OutageSnapshot(outageId, version, title, severity, new OutageScope(services, regions, elements),
                    startedAt, detectedAt, endedAt, new Evidence(alarmIds, complaintCount, complaintBaseline,
                    confidence), estimatedAffected, publicMessage);
        }

        /** The lifecycle event of the given stage carrying this snapshot. */
        public OutageEvent event(OutageStatus status, Instant occurredAt) {
            return OutageEvent.of(status, occurredAt, snapshot());
        }
    }
}
