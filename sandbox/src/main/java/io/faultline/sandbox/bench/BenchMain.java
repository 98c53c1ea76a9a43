package io.faultline.sandbox.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code ./faultline bench <component> [options]}: load generators that measure a Faultline service against real
 * servers and print each figure as one JSON line on stdout (progress goes to stderr). Components:
 * {@code detector}, {@code notifier} and {@code compensation}.
 *
 * <p>Exit status: 0 when the benchmark ran, whether or not it met its goals (the summary line says); 1 when it
 * could not run; 2 on a usage error.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        // stdout carries the figures only: everything else that writes to System.out (the console log appender,
        // the embedded broker) is sent to stderr from here on.
        PrintStream figures = System.out;
        System.setOut(System.err);
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String component = args[0];
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        Path root = Path.of(System.getProperty("faultline.root", ".")).toAbsolutePath().normalize();
        BenchReport report = new BenchReport(component, figures, System.err);
        switch (component) {
            case "detector" -> parseAndRun(options, () -> DetectorBench.Options.parse(root, options),
                    parsed -> new DetectorBench(parsed, report)::run, DetectorBench.Options::workDir, report);
            case "notifier" -> parseAndRun(options, () -> NotifierBench.Options.parse(root, options),
                    parsed -> new NotifierBench(parsed, report)::run, NotifierBench.Options::workDir, report);
            case "compensation" -> parseAndRun(options, () -> CompensationBench.Options.parse(root, options),
                    parsed -> new CompensationBench(parsed, report)::run, CompensationBench.Options::workDir, report);
            default -> {
                System.err.println("unknown component " + component);
                usage();
                System.exit(2);
            }
        }
    }

    private interface Bench {
        void run() throws Exception;
    }

    /** Prints the usage for --help, exits with 2 on options it cannot parse, otherwise runs the benchmark. */
    private static <O> void parseAndRun(String[] options, Supplier<O> parse, Function<O, Bench> bench,
                                        Function<O, Path> workDir, BenchReport report) {
        if (Arrays.asList(options).contains("--help")) {
            usage();
            System.exit(0);
        }
        O parsed;
        try {
            parsed = parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        runOrExit(bench.apply(parsed), report, workDir.apply(parsed));
    }

    private static void runOrExit(Bench bench, BenchReport report, Path workDir) {
        try {
            bench.run();
        } catch (Exception | Error e) {
            report.progress("could not run: " + e);
            e.printStackTrace();
            report.progress("logs are under " + workDir);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: ./faultline bench detector [options]");
        System.err.print(DetectorBench.Options.usage());
        System.err.println("       ./faultline bench notifier [options]");
        System.err.print(NotifierBench.Options.usage());
        System.err.println("       ./faultline bench compensation [options]");
        System.err.print(CompensationBench.Options.usage());
        System.err.println("Each figure is printed on stdout as {\"metric\": NAME, \"value\": NUMBER, \"unit\": UNIT};"
                + " see docs/BENCHMARKS.md.");
    }
}
