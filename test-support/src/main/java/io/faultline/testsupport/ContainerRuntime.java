package io.faultline.testsupport;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the servers of this module run in Testcontainers or embedded in the JVM.
 *
 * <p>Containers are used when a Docker engine answers Testcontainers' probe, unless embedded
 * servers are forced with the system property {@code FAULTLINE_EMBEDDED=true} (also accepted as
 * {@code faultline.embedded=true}) or the environment variable {@code FAULTLINE_EMBEDDED=true}.
 * The probe runs once per JVM and its answer is kept.
 */
public final class ContainerRuntime {

    /** Name of the system property and environment variable that force embedded servers. */
    public static final String FORCE_EMBEDDED = "FAULTLINE_EMBEDDED";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);

    private static volatile Boolean dockerAvailable;

    private ContainerRuntime() {
    }

    /**
     * Tells whether servers should run in containers: a Docker engine answers and embedded servers
     * are not forced.
     *
     * @return {@code true} to use Testcontainers, {@code false} to run embedded servers
     */
    public static boolean useContainers() {
        return !embeddedForced() && dockerAvailable();
    }

    /**
     * Tells whether embedded servers are forced by {@value #FORCE_EMBEDDED}.
     *
     * @return {@code true} when the system property or environment variable is {@code true}
     */
    public static boolean embeddedForced() {
        return isTrue(System.getProperty(FORCE_EMBEDDED))
                || isTrue(System.getProperty("faultline.embedded"))
                || isTrue(System.getenv(FORCE_EMBEDDED));
    }

    /**
     * Asks Testcontainers, once per JVM, whether a Docker engine answers. Any failure of the probe,
     * including a missing class, counts as "no Docker".
     *
     * @return {@code true} when Testcontainers found a working Docker engine
     */
    public static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known != null) {
            return known;
        }
        synchronized (ContainerRuntime.class) {
            if (dockerAvailable == null) {
                boolean available;
                try {
                    available = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    available = false;
                }
                LOG.info("Docker engine {}: {} servers will be used", available ? "found" : "not found",
                        available ? "Testcontainers" : "embedded");
                dockerAvailable = available;
            }
            return dockerAvailable;
        }
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
