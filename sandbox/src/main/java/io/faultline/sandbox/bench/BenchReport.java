package io.faultline.sandbox.bench;

import io.faultline.common.serde.EventJson;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a benchmark found: its figures, printed on stdout one JSON line each as soon as they are measured, and its
 * goals, judged at the end in a human-readable table (stderr) and one machine-readable summary line (stdout):
 * <pre>
 * {"summary": "detector", "pass": false,
 *  "goals": [{"goal": "...", "target": "...", "measured": 0.21, "pass": false}, ...]}
 * </pre>
 * (on one line).
 */
public final class BenchReport {

    /**
     * A goal and whether it was met.
     *
     * @param goal     what is required, in words
     * @param target   the figure to reach, e.g. {@code >= 0.4}
     * @param measured the figure reached, null when it could not be measured
     * @param pass     true when met
     */
    public record Goal(String goal, String target, Double measured, boolean pass) {
    }

    private final String benchmark;
    private final PrintStream out;
    private final PrintStream err;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    public BenchReport(String benchmark, PrintStream out, PrintStream err) {
        this.benchmark = benchmark;
        this.out = out;
        this.err = err;
    }

    /** Records a figure and prints it on stdout at once. */
    public synchronized void metric(String name, double value, String unit) {
        Metric metric = new Metric(name, value, unit);
        metrics.add(metric);
        out.println(metric.toJsonLine());
        out.flush();
    }

    public synchronized Optional<Metric> find(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public synchronized void goal(String goal, String target, Double measured, boolean pass) {
        goals.add(new Goal(goal, target, measured, pass));
    }

    /** Human-readable progress on stderr. */
    public void progress(String message) {
        err.println("[bench " + benchmark + "] " + message);
        err.flush();
    }

    /** Prints the goals table on stderr and the summary line on stdout. */
    public synchronized void printSummary() {
        boolean pass = goals.stream().allMatch(Goal::pass);
        err.println();
        err.println("=== " + benchmark + " benchmark goals ===");
        for (Goal goal : goals) {
            err.println(String.format("  %-4s %-72s target %-8s measured %s", goal.pass() ? "PASS" : "FAIL",
                    goal.goal(), goal.target(), goal.measured() == null ? "n/a" : trim(goal.measured())));
        }
        err.println("  => " + (pass ? "all goals met" : "goals missed"));
        err.flush();
        List<Map<String, Object>> goalJson = new ArrayList<>();
        for (Goal goal : goals) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("goal", goal.goal());
            g.put("target", goal.target());
            g.put("measured", goal.measured());
            g.put("pass", goal.pass());
            goalJson.add(g);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("summary", benchmark);
        summary.put("pass", pass);
        summary.put("goals", goalJson);
        out.println(EventJson.writeString(summary));
        out.flush();
    }

    private static String trim(double value) {
        return Metric.formatValue(value);
    }
}
