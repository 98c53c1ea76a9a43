package io.faultline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerRuntimeTest {

    @Test
    void embeddedCanBeForcedBySystemProperty() {
        String previous = System.getProperty(ContainerRuntime.FORCE_EMBEDDED);
        try {
            System.setProperty(ContainerRuntime.FORCE_EMBEDDED, "true");
            assertThat(ContainerRuntime.embeddedForced()).isTrue();
            assertThat(ContainerRuntime.useContainers()).isFalse();
        } finally {
            if (previous == null) {
                System.clearProperty(ContainerRuntime.FORCE_EMBEDDED);
            } else {
                System.setProperty(ContainerRuntime.FORCE_EMBEDDED, previous);
            }
        }
    }

    @Test
    void dockerProbeNeverThrowsAndIsCached() {
        boolean first = ContainerRuntime.dockerAvailable();
        assertThat(ContainerRuntime.dockerAvailable()).isEqualTo(first);
    }
}
