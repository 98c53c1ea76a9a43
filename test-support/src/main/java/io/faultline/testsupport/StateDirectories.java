package io.faultline.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Kafka Streams state directories in TopologyTestDriver restart tests. {@code TopologyTestDriver.close()} wipes its
 * task directories, so a test that restarts a driver on the same state (as an instance restarting after its last
 * commit would) flushes the stores, keeps the files aside, closes the driver and puts them back.
 */
public final class StateDirectories {

    private StateDirectories() {
    }

    /** Copies the tree {@code from} into {@code to}, leaving out lock files. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : tree.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".lock")) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
