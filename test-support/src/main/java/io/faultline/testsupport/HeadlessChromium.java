package io.faultline.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real browser for page tests: Debian's Chromium ({@code apt-get install chromium}), run headless, one process
 * per call, with a fresh profile and every background connection off (this machine's network is closed).
 * {@code FAULTLINE_CHROMIUM} names another binary.
 */
public final class HeadlessChromium {

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=5000");
    private static final long TIMEOUT_SECONDS = 90;

    private final Path binary;
    private final String timeZone;

    private HeadlessChromium(Path binary, String timeZone) {
        this.binary = binary;
        this.timeZone = timeZone;
    }

    /** The same browser as a reader in another time zone sees pages (an IANA id such as Asia/Kolkata). */
    public HeadlessChromium inTimeZone(String zone) {
        return new HeadlessChromium(binary, zone);
    }

    /** The browser, when one is installed. */
    public static Optional<HeadlessChromium> find() {
        String configured = System.getenv("FAULTLINE_CHROMIUM");
        Stream<String> candidates = configured != null ? Stream.of(configured)
                : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst()
                .map(binary -> new HeadlessChromium(binary, "UTC"));
    }

    /** The page's DOM as serialised after its scripts ran. */
    public String dumpDom(URI page) {
        return new String(run(List.of("--dump-dom", page.toString())), StandardCharsets.UTF_8);
    }

    /** Saves a PNG of the page as a {@code width} x {@code height} window shows it. */
    public void screenshot(URI page, Path png, int width, int height) {
        Path absolute = png.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            Files.deleteIfExists(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("--window-size=" + width + "," + height, "--screenshot=" + absolute, page.toString()));
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalStateException("chromium wrote no screenshot of " + page);
        }
    }

    private byte[] run(List<String> arguments) {
        Path profile = null;
        Path output = null;
        Path errors = null;
        try {
            profile = Files.createTempDirectory("chromium-profile");
            output = Files.createTempFile("chromium", ".out");
            errors = Files.createTempFile("chromium", ".log");
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(FLAGS);
            command.add("--user-data-dir=" + profile);
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(errors.toFile());
            builder.environment().put("TZ", timeZone);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": "
                        + Files.readString(errors));
            }
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chromium ran", e);
        } finally {
            for (Path file : new Path[] {output, errors}) {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // a temporary file left behind
                    }
                }
            }
            if (profile != null) {
                Dirs.deleteQuietly(profile);
            }
        }
    }
}
