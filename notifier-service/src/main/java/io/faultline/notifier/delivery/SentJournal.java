package io.faultline.notifier.delivery;

import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notices this instance has handed to the SMSC or the mail server, kept across a crash of the process, so that
 * notices redelivered after a {@code kill -9} (those of the batches whose offsets were not committed) are not sent
 * again: only the notices in flight at the SMSC at the moment of the crash can reach a customer twice.
 *
 * <p>One ACCEPTED receipt per line (JSON) in {@code sent.journal}, appended right after the SMSC or mail server
 * accepted the notice and before its receipt is published. A write is not forced to disk: what the process wrote
 * survives its death in the operating system's page cache; a power cut of the host may lose the last lines (then
 * those notices are sent again). The newest {@code capacity} notices are remembered; the file is rewritten with
 * them when it has grown to twice that. A file lock keeps a second process off the same journal. A journal that
 * cannot be written (its channel closed by an interrupted sender, a failed compaction) is reopened at the next
 * record; a record that still fails only costs that notice its protection against a re-send. Thread-safe.
 */
public final class SentJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentJournal.class);
    static final String FILE = "sent.journal";

    private final Path file;
    private final int capacity;
    private final Map<String, NoticeReceipt> remembered;
    private FileChannel channel;
    private FileLock lock;
    private long linesInFile;
    private long completeLength;

    private SentJournal(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        this.remembered = new LinkedHashMap<>(capacity * 2, 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NoticeReceipt> eldest) {
                return size() > SentJournal.this.capacity;
            }
        };
    }

    /** Opens the journal in {@code dir} (created if needed) and reads what an earlier process recorded. */
    public static SentJournal open(Path dir, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        SentJournal journal = new SentJournal(dir.resolve(FILE), capacity);
        try {
            Files.createDirectories(dir);
            journal.load();
            journal.openForAppend();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sent-notice journal in " + dir, e);
        }
        return journal;
    }

    /** The ACCEPTED receipt of a notice this instance already sent, if it is still remembered. */
    public synchronized Optional<NoticeReceipt> acceptedReceiptOf(String noticeId) {
        return Optional.ofNullable(remembered.get(noticeId));
    }

    /** Records that the SMSC or mail server accepted the notice. */
    public synchronized void record(NoticeReceipt accepted) {
        remembered.put(accepted.noticeId(), accepted);
        try {
            if (!channel.isOpen()) {
                openForAppend();
            }
            ByteBuffer line = ByteBuffer.wrap((EventJson.writeString(accepted) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (++linesInFile >= 2L * capacity) {
                compact();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not journal sent notice {}: {}; after a crash it may be sent again", accepted.noticeId(),
                    e.toString());
        }
    }

    /** How many notices are remembered. */
    public synchronized int size() {
        return remembered.size();
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] content = Files.readAllBytes(file);
        int end = content.length;
        while (end > 0 && content[end - 1] != '\n') {
            end--;
        }
        completeLength = end;
        int unreadable = end < content.length ? 1 : 0;
        for (String line : new String(content, 0, end, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                NoticeReceipt receipt = EventJson.read(line.getBytes(StandardCharsets.UTF_8), NoticeReceipt.class);
                remembered.put(receipt.noticeId(), receipt);
            } catch (InvalidEventException unreadableLine) {
                unreadable++;
            }
            linesInFile++;
        }
        log.info("Sent-notice journal {}: {} notices remembered{}", file, remembered.size(),
                unreadable == 0 ? "" : ", " + unreadable + " unreadable line(s) skipped (a write cut by a crash)");
    }

    private void openForAppend() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the sent-notice journal " + file + " is used by another process; "
                    + "give each notifier instance its own state directory");
        }
        if (channel.size() > completeLength) {
            channel.truncate(completeLength);
        }
    }

    private void compact() throws IOException {
        Path next = file.resolveSibling(FILE + ".next");
        StringBuilder content = new StringBuilder();
        for (NoticeReceipt receipt : remembered.values()) {
            content.append(EventJson.writeString(receipt)).append('\n');
        }
        Files.writeString(next, content, StandardCharsets.UTF_8);
        lock.release();
        channel.close();
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        completeLength = Files.size(file);
        openForAppend();
        linesInFile = remembered.size();
    }

    @Override
    public synchronized void close() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.warn("Could not close the sent-notice journal {}: {}", file, e.toString());
        }
    }
}
