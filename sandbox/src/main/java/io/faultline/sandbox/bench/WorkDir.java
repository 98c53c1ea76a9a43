package io.faultline.sandbox.bench;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's work directory: one run at a time, emptied at the start of each. */
final class WorkDir {

    interface Run {
        void run() throws Exception;
    }

    private WorkDir() {
    }

    /**
     * Empties {@code workDir} and runs {@code run} while holding a lock beside it, so that a second run fails at
     * once instead of deleting the first one's broker under its feet.
     */
    static void exclusively(Path workDir, Run run) throws Exception {
        Path lockFile = workDir.resolveSibling(workDir.getFileName() + ".lock");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another benchmark is running in " + workDir
                        + "; wait for it or give this one its own --work-dir");
            }
            deleteRecursively(workDir);
            Files.createDirectories(workDir);
            run.run();
        }
    }

    static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
