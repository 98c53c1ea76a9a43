package io.faultline.sandbox;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A deterministic synthetic operator: a national core, regional radio networks, platforms, and a subscriber base
 * across the host brand and three MVNOs. The same seed always gives the same network, so scenario tests can
 * compute exactly who must be told and credited. Subscribers are generated one at a time, never held in a list.
 */
public final class SyntheticNetwork {

    public static final List<String> REGIONS = List.of("london", "south-east", "south-west", "midlands",
            "north-west", "north-east", "yorkshire", "wales", "scotland", "northern-ireland");
    public static final String HOST_BRAND = "meridian";
    public static final List<String> MVNO_BRANDS = List.of("skylark", "volta", "lyra");
    public static final Instant INVENTORY_TIME = Instant.parse("2018-11-01T00:00:00Z");

    private final long seed;
    private final int subscriberCount;

    public SyntheticNetwork(int subscriberCount, long seed) {
        this.subscriberCount = subscriberCount;
        this.seed = seed;
    }

    public int subscriberCount() {
        return subscriberCount;
    }

    /** The network inventory: core, packet core, platforms, then sites and cells per region. */
    public List<NetworkElement> topology() {
        List<NetworkElement> elements = new ArrayList<>();
        long perRegion = subscriberCount / REGIONS.size();
        elements.add(element("CORE-SIG-1", ElementType.SIGNALLING_CORE, null, REGIONS,
                EnumSet.of(Service.VOICE, Service.SMS), subscriberCount));
        elements.add(element("SGSN-MME-1", ElementType.SGSN, null, REGIONS, EnumSet.of(Service.DATA), subscriberCount));
        elements.add(element("PGW-NORTH", ElementType.PACKET_GATEWAY, "SGSN-MME-1",
                List.of("north-west", "north-east", "yorkshire", "scotland"), EnumSet.of(Service.DATA), perRegion * 4));
        elements.add(element("PGW-SOUTH", ElementType.PACKET_GATEWAY, "SGSN-MME-1",
                List.of("london", "south-east", "south-west", "midlands", "wales", "northern-ireland"),
                EnumSet.of(Service.DATA), perRegion * 6));
        elements.add(element("SMSC-1", ElementType.SMSC, "CORE-SIG-1", REGIONS, EnumSet.of(Service.SMS), subscriberCount));
        elements.add(element("VM-1", ElementType.VOICEMAIL_PLATFORM, null, REGIONS, EnumSet.of(Service.VOICEMAIL),
                subscriberCount / 2));
        elements.add(element("VM-2", ElementType.VOICEMAIL_PLATFORM, null, REGIONS, EnumSet.of(Service.VOICEMAIL),
                subscriberCount / 2));
        elements.add(element("VM-3", ElementType.VOICEMAIL_PLATFORM, null, REGIONS, EnumSet.of(Service.VOICEMAIL),
                subscriberCount * 3 / 100));
        elements.add(element("MAIL-1", ElementType.MAIL_PLATFORM, null, REGIONS, EnumSet.of(Service.MAIL),
                subscriberCount));
        for (String region : REGIONS) {
            String pgw = List.of("north-west", "north-east", "yorkshire", "scotland").contains(region)
                    ? "PGW-NORTH" : "PGW-SOUTH";
            for (int site = 1; site <= 3; site++) {
                String siteId = "SITE-" + region.toUpperCase() + "-" + site;
                elements.add(element(siteId, ElementType.SITE, pgw, List.of(region),
                        EnumSet.of(Service.VOICE, Service.SMS, Service.DATA), perRegion / 3));
                for (char sector = 'A'; sector <= 'C'; sector++) {
                    elements.add(element(siteId + "-" + sector, ElementType.CELL, siteId, List.of(region),
                            EnumSet.of(Service.VOICE, Service.SMS, Service.DATA), perRegion / 9));
                }
            }
        }
        return elements;
    }

    /** Generates every subscriber in order, handing each to {@code sink}. */
    public void subscribers(Consumer<Subscriber> sink) {
        for (int i = 0; i < subscriberCount; i++) {
            sink.accept(subscriber(i));
        }
    }

    /** The i-th subscriber; the same for the same seed. */
    public Subscriber subscriber(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        String id = String.format("SUB-%08d", index);
        double brandDraw = random.nextDouble();
        String brand = brandDraw < 0.70 ? HOST_BRAND : brandDraw < 0.82 ? "skylark" : brandDraw < 0.92 ? "volta" : "lyra";
        boolean payMonthly = random.nextDouble() < (brand.equals(HOST_BRAND) ? 0.75 : 0.5);
        Set<Service> services = random.nextDouble() < 0.05
                ? EnumSet.of(Service.VOICE, Service.SMS, Service.VOICEMAIL)
                : EnumSet.allOf(Service.class);
        List<ChargeComponent> charges = payMonthly
                ? List.of(new ChargeComponent("airtime", 800 + random.nextInt(37) * 100),
                          new ChargeComponent("handset", random.nextInt(5) * 1000))
                : List.of();
        Plan plan = new Plan((payMonthly ? "PM-" : "PAYG-") + brand.toUpperCase(),
                payMonthly ? PlanType.PAY_MONTHLY : PlanType.PAY_AS_YOU_GO, "GBP", charges, services,
                random.nextDouble() < 0.3);
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        boolean french = random.nextDouble() < 0.15;
        boolean hasEmail = random.nextDouble() < 0.8;
        NoticeChannel preferred = random.nextDouble() < 0.1 ? NoticeChannel.EMAIL : null;
        return new Subscriber(id, String.format("4477%08d", index), hasEmail ? "customer" + index + "@mail.example" : null,
                french ? "fr" : "en", brand, "ACC-" + String.format("%08d", index), random.nextDouble() < 0.1
                        ? "business" : "consumer", plan, region,
                Set.of(voicemailPlatform(index), "MAIL-1"),
                new ContactPreferences(hasEmail ? preferred : null, false), random.nextDouble() < 0.01,
                INVENTORY_TIME);
    }

    /** 3% of lines are homed on the small VM-3 platform (the Orange September 2012 incident), the rest on VM-1/2. */
    private static String voicemailPlatform(int index) {
        int bucket = Math.floorMod(index * 2_654_435_761L, 100);
        return bucket < 3 ? "VM-3" : bucket % 2 == 0 ? "VM-1" : "VM-2";
    }

    private static NetworkElement element(String id, ElementType type, String parent, List<String> regions,
                                          Set<Service> services, long served) {
        return new NetworkElement(id, type, parent, regions, services, served, INVENTORY_TIME);
    }
}
