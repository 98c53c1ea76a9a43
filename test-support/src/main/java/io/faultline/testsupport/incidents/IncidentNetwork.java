package io.faultline.testsupport.incidents;

import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

/**
 * The synthetic operator every {@link Incident} runs on: about 1,000,000 notional subscribers over the ten regions
 * of the sandbox, and the sandbox's element ids ({@code io.faultline.sandbox.SyntheticNetwork}).
 *
 * <p>Topology: {@code CORE-SIG-1} (signalling core, VOICE + SMS, all regions) with {@code SMSC-1} under it;
 * {@code SGSN-MME-1} (DATA, all regions) with {@code PGW-NORTH} and {@code PGW-SOUTH} under it; the voicemail
 * platforms {@code VM-1}, {@code VM-2} and the small {@code VM-3} (3% of lines); {@code MAIL-1}; and per region
 * three sites {@code SITE-<REGION>-<n>} under the region's packet gateway, each with three cells
 * {@code SITE-<REGION>-<n>-A..C} carrying VOICE, SMS and DATA.
 *
 * <p>Subscribers are not objects: subscriber {@code i} has the id {@code SUB-%08d}, a home region drawn from a
 * seeded hash with the weights of {@link #REGION_WEIGHTS}, and a voicemail platform given by the same formula as
 * the sandbox (3% of lines on VM-3, the rest split between VM-1 and VM-2). Every subscriber is homed on
 * {@code MAIL-1}. The index of each region's subscribers is built once (about 5 MB), so drawing a random
 * subscriber of a region or of a platform costs O(1).
 *
 * <p>Instances are immutable and thread-safe; {@link #standard()} is the shared one used by {@link Incidents}.
 */
public final class IncidentNetwork {

    /** Regions, in the sandbox's order. */
    public static final List<String> REGIONS = List.of("london", "south-east", "south-west", "midlands",
            "north-west", "north-east", "yorkshire", "wales", "scotland", "northern-ireland");

    /** Regions whose data traffic goes through {@code PGW-NORTH}; the others use {@code PGW-SOUTH}. */
    public static final List<String> NORTH_REGIONS = List.of("north-west", "north-east", "yorkshire", "scotland");

    /**
     * Share of the subscriber base homed in each region (sums to 1). The complaint noise of a region scales with it,
     * so a region with twice the lines has twice the background complaints.
     */
    public static final Map<String, Double> REGION_WEIGHTS = weights();

    /** Voicemail platforms. */
    public static final List<String> VOICEMAIL_PLATFORMS = List.of("VM-1", "VM-2", "VM-3");

    /** The mail platform every subscriber is homed on. */
    public static final String MAIL_PLATFORM = "MAIL-1";

    /** Size of the standard network. */
    public static final int SUBSCRIBERS = 1_000_000;

    /** Seed of the standard network. */
    public static final long SEED = 42L;

    /** Default {@code updatedAt} of the topology: before every incident. */
    public static final Instant INVENTORY_TIME = Instant.parse("2012-01-01T00:00:00Z");

    private static final IncidentNetwork STANDARD = new IncidentNetwork(SUBSCRIBERS, SEED);

    private final int subscriberCount;
    private final long seed;
    private final int[][] byRegion;          // subscriber indexes per region (REGIONS order)
    private final int[][] vm3ByRegion;       // subscriber indexes on VM-3 per region
    private final int[] vm3;                 // all subscriber indexes on VM-3
    private final int[][] voicemailCounts;   // [region][VM-1, VM-2, VM-3]
    private final byte[] regionOf;
    private final Map<String, List<String>> cellsByRegion;
    private final List<NetworkElement> inventory;

    /**
     * A network of {@code subscriberCount} subscribers; the same seed always gives the same home regions.
     *
     * @param subscriberCount number of subscribers, at least 1,000
     * @param seed            seed of the home-region hash
     */
    public IncidentNetwork(int subscriberCount, long seed) {
        if (subscriberCount < 1_000) {
            throw new IllegalArgumentException("subscriberCount must be >= 1000, was " + subscriberCount);
        }
        this.subscriberCount = subscriberCount;
        this.seed = seed;
        double[] cumulative = new double[REGIONS.size()];
        double sum = 0;
        for (int r = 0; r < REGIONS.size(); r++) {
            sum += REGION_WEIGHTS.get(REGIONS.get(r));
            cumulative[r] = sum;
        }
        regionOf = new byte[subscriberCount];
        int[] counts = new int[REGIONS.size()];
        int[] vm3Counts = new int[REGIONS.size()];
        voicemailCounts = new int[REGIONS.size()][VOICEMAIL_PLATFORMS.size()];
        for (int i = 0; i < subscriberCount; i++) {
            double u = (mix(seed * 0x9E3779B97F4A7C15L + i) >>> 11) * 0x1.0p-53;
            int r = 0;
            while (r < cumulative.length - 1 && u >= cumulative[r]) {
                r++;
            }
            regionOf[i] = (byte) r;
            counts[r]++;
            if (platformBucket(i) < 3) {
                vm3Counts[r]++;
            }
            int bucket = platformBucket(i);
            voicemailCounts[r][bucket < 3 ? 2 : bucket % 2 == 0 ? 0 : 1]++;
        }
        byRegion = new int[REGIONS.size()][];
        vm3ByRegion = new int[REGIONS.size()][];
        for (int r = 0; r < REGIONS.size(); r++) {
            byRegion[r] = new int[counts[r]];
            vm3ByRegion[r] = new int[vm3Counts[r]];
        }
        int[] fill = new int[REGIONS.size()];
        int[] vm3Fill = new int[REGIONS.size()];
        int vm3Total = 0;
        for (int i = 0; i < subscriberCount; i++) {
            int r = regionOf[i];
            byRegion[r][fill[r]++] = i;
            if (platformBucket(i) < 3) {
                vm3ByRegion[r][vm3Fill[r]++] = i;
                vm3Total++;
            }
        }
        vm3 = new int[vm3Total];
        int k = 0;
        for (int[] regionVm3 : vm3ByRegion) {
            for (int i : regionVm3) {
                vm3[k++] = i;
            }
        }
        Arrays.sort(vm3);
        Map<String, List<String>> cells = new LinkedHashMap<>();
        for (String region : REGIONS) {
            List<String> ids = new ArrayList<>();
            for (int site = 1; site <= 3; site++) {
                for (char sector = 'A'; sector <= 'C'; sector++) {
                    ids.add(siteId(region, site) + "-" + sector);
                }
            }
            cells.put(region, List.copyOf(ids));
        }
        cellsByRegion = Map.copyOf(cells);
        inventory = topology(INVENTORY_TIME);
    }

    /** The shared network of {@value #SUBSCRIBERS} subscribers, seed {@value #SEED}. */
    public static IncidentNetwork standard() {
        return STANDARD;
    }

    public int subscriberCount() {
        return subscriberCount;
    }

    public long seed() {
        return seed;
    }

    /** The ten regions. */
    public List<String> regions() {
        return REGIONS;
    }

    /** Number of subscribers homed in {@code region}. */
    public int subscribersIn(String region) {
        return byRegion[regionIndex(region)].length;
    }

    /** Number of subscribers homed in {@code region} and on {@code platform} (a voicemail platform or MAIL-1). */
    public int subscribersIn(String region, String platform) {
        int r = regionIndex(region);
        return switch (platform) {
            case "VM-3" -> vm3ByRegion[r].length;
            case MAIL_PLATFORM -> byRegion[r].length;
            case "VM-1", "VM-2" -> voicemailCounts[r][VOICEMAIL_PLATFORMS.indexOf(platform)];
            default -> throw new IllegalArgumentException("not a platform subscribers are homed on: " + platform);
        };
    }

    /** Number of subscribers homed on {@code platform} (a voicemail platform or MAIL-1). */
    public int subscribersOn(String platform) {
        return switch (platform) {
            case "VM-3" -> vm3.length;
            case MAIL_PLATFORM -> subscriberCount;
            case "VM-1", "VM-2" -> REGIONS.stream().mapToInt(region -> subscribersIn(region, platform)).sum();
            default -> throw new IllegalArgumentException("not a platform subscribers are homed on: " + platform);
        };
    }

    /** The inventory, stamped {@link #INVENTORY_TIME}. */
    public List<NetworkElement> topology() {
        return inventory;
    }

    /**
     * The inventory with every element's {@code updatedAt} set to {@code updatedAt}: core, packet core, platforms,
     * then the sites and cells of each region. {@code subscribersServed} is the real count of homed subscribers.
     */
    public List<NetworkElement> topology(Instant updatedAt) {
        List<NetworkElement> elements = new ArrayList<>();
        int north = NORTH_REGIONS.stream().mapToInt(this::subscribersIn).sum();
        elements.add(new NetworkElement("CORE-SIG-1", ElementType.SIGNALLING_CORE, null, REGIONS,
                EnumSet.of(Service.VOICE, Service.SMS), subscriberCount, updatedAt));
        elements.add(new NetworkElement("SGSN-MME-1", ElementType.SGSN, null, REGIONS, EnumSet.of(Service.DATA),
                subscriberCount, updatedAt));
        elements.add(new NetworkElement("PGW-NORTH", ElementType.PACKET_GATEWAY, "SGSN-MME-1", NORTH_REGIONS,
                EnumSet.of(Service.DATA), north, updatedAt));
        elements.add(new NetworkElement("PGW-SOUTH", ElementType.PACKET_GATEWAY, "SGSN-MME-1",
                REGIONS.stream().filter(region -> !NORTH_REGIONS.contains(region)).toList(),
                EnumSet.of(Service.DATA), subscriberCount - north, updatedAt));
        elements.add(new NetworkElement("SMSC-1", ElementType.SMSC, "CORE-SIG-1", REGIONS, EnumSet.of(Service.SMS),
                subscriberCount, updatedAt));
        for (String platform : VOICEMAIL_PLATFORMS) {
            elements.add(new NetworkElement(platform, ElementType.VOICEMAIL_PLATFORM, null, REGIONS,
                    EnumSet.of(Service.VOICEMAIL), subscribersOn(platform), updatedAt));
        }
        elements.add(new NetworkElement(MAIL_PLATFORM, ElementType.MAIL_PLATFORM, null, REGIONS,
                EnumSet.of(Service.MAIL), subscriberCount, updatedAt));
        for (String region : REGIONS) {
            String pgw = NORTH_REGIONS.contains(region) ? "PGW-NORTH" : "PGW-SOUTH";
            int inRegion = subscribersIn(region);
            for (int site = 1; site <= 3; site++) {
                String siteId = siteId(region, site);
                elements.add(new NetworkElement(siteId, ElementType.SITE, pgw, List.of(region),
                        EnumSet.of(Service.VOICE, Service.SMS, Service.DATA), inRegion / 3, updatedAt));
                for (char sector = 'A'; sector <= 'C'; sector++) {
                    elements.add(new NetworkElement(siteId + "-" + sector, ElementType.CELL, siteId, List.of(region),
                            EnumSet.of(Service.VOICE, Service.SMS, Service.DATA), inRegion / 9, updatedAt));
                }
            }
        }
        return List.copyOf(elements);
    }

    /** The element of that id, stamped {@link #INVENTORY_TIME}; throws if there is none. */
    public NetworkElement element(String elementId) {
        return inventory.stream().filter(element -> element.elementId().equals(elementId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no element " + elementId));
    }

    /** The nine cells of a region. */
    public List<String> cellsIn(String region) {
        List<String> cells = cellsByRegion.get(region);
        if (cells == null) {
            throw new IllegalArgumentException("unknown region " + region);
        }
        return cells;
    }

    /** {@code SITE-<REGION>-<n>}, e.g. {@code SITE-MIDLANDS-2}. */
    public static String siteId(String region, int site) {
        return "SITE-" + region.toUpperCase() + "-" + site;
    }

    /** {@code SUB-%08d}. */
    public static String subscriberId(int index) {
        return String.format("SUB-%08d", index);
    }

    /** Inverse of {@link #subscriberId(int)}. */
    public static int subscriberIndex(String subscriberId) {
        if (subscriberId == null || !subscriberId.startsWith("SUB-")) {
            throw new IllegalArgumentException("not a subscriber id: " + subscriberId);
        }
        return Integer.parseInt(subscriberId.substring(4));
    }

    /** Home region of subscriber {@code index}. */
    public String homeRegion(int index) {
        return REGIONS.get(regionOf[checked(index)]);
    }

    /** Home region of a subscriber id. */
    public String homeRegion(String subscriberId) {
        return homeRegion(subscriberIndex(subscriberId));
    }

    /** Voicemail platform of subscriber {@code index}: the sandbox's formula, 3% on VM-3. */
    public String voicemailPlatform(int index) {
        int bucket = platformBucket(checked(index));
        return bucket < 3 ? "VM-3" : bucket % 2 == 0 ? "VM-1" : "VM-2";
    }

    /** Voicemail platform of a subscriber id. */
    public String voicemailPlatform(String subscriberId) {
        return voicemailPlatform(subscriberIndex(subscriberId));
    }

    /** Platforms a subscriber is homed on: their voicemail platform and MAIL-1. */
    public Set<String> platformsOf(String subscriberId) {
        return Set.of(voicemailPlatform(subscriberId), MAIL_PLATFORM);
    }

    /** A uniformly drawn subscriber. */
    public String randomSubscriber(Random random) {
        return subscriberId(random.nextInt(subscriberCount));
    }

    /** A uniformly drawn subscriber homed in {@code region}. */
    public String randomSubscriberIn(String region, Random random) {
        return subscriberId(randomIndexIn(region, null, random));
    }

    /** A uniformly drawn subscriber homed on {@code platform} (a voicemail platform or MAIL-1). */
    public String randomSubscriberOn(String platform, Random random) {
        return subscriberId(randomIndexIn(null, platform, random));
    }

    /** A uniformly drawn subscriber homed in {@code region} and on {@code platform}. */
    public String randomSubscriberIn(String region, String platform, Random random) {
        return subscriberId(randomIndexIn(region, platform, random));
    }

    /** Index variant of the random draws; {@code region} and {@code platform} may each be null (= any). */
    int randomIndexIn(String region, String platform, Random random) {
        if (platform == null || platform.equals(MAIL_PLATFORM)) {
            if (region == null) {
                return random.nextInt(subscriberCount);
            }
            int[] pool = byRegion[regionIndex(region)];
            return pool[random.nextInt(pool.length)];
        }
        if (platform.equals("VM-3")) {
            int[] pool = region == null ? vm3 : vm3ByRegion[regionIndex(region)];
            if (pool.length == 0) {
                throw new IllegalStateException("no VM-3 subscriber in " + region);
            }
            return pool[random.nextInt(pool.length)];
        }
        if (!platform.equals("VM-1") && !platform.equals("VM-2")) {
            throw new IllegalArgumentException("not a platform subscribers are homed on: " + platform);
        }
        for (int attempt = 0; attempt < 10_000; attempt++) {   // VM-1 and VM-2 each hold ~48.5%: rejection is cheap
            int candidate = randomIndexIn(region, null, random);
            if (voicemailPlatform(candidate).equals(platform)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + platform + " subscriber found in " + region);
    }

    private int regionIndex(String region) {
        int r = REGIONS.indexOf(region);
        if (r < 0) {
            throw new IllegalArgumentException("unknown region " + region);
        }
        return r;
    }

    private int checked(int index) {
        if (index < 0 || index >= subscriberCount) {
            throw new IllegalArgumentException("no subscriber " + index + " in a network of " + subscriberCount);
        }
        return index;
    }

    /** The sandbox's platform bucket: {@code index * 2654435761 mod 100}; below 3 is VM-3. */
    private static int platformBucket(int index) {
        return (int) Math.floorMod(index * 2_654_435_761L, 100L);
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, Double> weights() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("london", 0.16);
        weights.put("south-east", 0.14);
        weights.put("south-west", 0.09);
        weights.put("midlands", 0.13);
        weights.put("north-west", 0.12);
        weights.put("north-east", 0.06);
        weights.put("yorkshire", 0.09);
        weights.put("wales", 0.06);
        weights.put("scotland", 0.09);
        weights.put("northern-ireland", 0.06);
        return java.util.Collections.unmodifiableMap(weights);
    }
}
