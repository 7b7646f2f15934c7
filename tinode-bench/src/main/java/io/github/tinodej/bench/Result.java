package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One measured figure, with its latency distribution in microseconds when it has one. Repeated
 * runs fold into one result whose value is the median and which keeps the range.
 *
 * @param name scenario or probe name
 * @param value the headline figure (the median over runs when {@code runs > 1})
 * @param unit its unit
 * @param latencyMicros latency histogram (of the median run) or null
 * @param min smallest value over the runs
 * @param max largest value over the runs
 * @param runs how many runs the figure folds
 */
record Result(String name, double value, String unit, Histogram latencyMicros, double min, double max, int runs) {

    Result(String name, double value, String unit, Histogram latencyMicros) {
        this(name, value, unit, latencyMicros, value, value, 1);
    }

    /** Folds the same figures of several runs: median value, its run's latency, and the range. */
    static List<Result> medians(List<List<Result>> runs) {
        Map<String, List<Result>> byName = new LinkedHashMap<>();
        for (List<Result> run : runs) {
            for (Result r : run) {
                byName.computeIfAbsent(r.name, k -> new ArrayList<>()).add(r);
            }
        }
        List<Result> out = new ArrayList<>();
        for (List<Result> same : byName.values()) {
            List<Result> sorted = new ArrayList<>(same);
            sorted.sort(Comparator.comparingDouble(Result::value));
            Result mid = sorted.get((sorted.size() - 1) / 2);
            out.add(new Result(mid.name, mid.value, mid.unit, mid.latencyMicros, sorted.get(0).value,
                    sorted.get(sorted.size() - 1).value, sorted.size()));
        }
        return out;
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("value", round(value));
        o.addProperty("unit", unit);
        if (runs > 1) {
            o.addProperty("min", round(min));
            o.addProperty("max", round(max));
            o.addProperty("runs", runs);
        }
        if (latencyMicros != null && latencyMicros.getTotalCount() > 0) {
            o.addProperty("p50_us", latencyMicros.getValueAtPercentile(50));
            o.addProperty("p99_us", latencyMicros.getValueAtPercentile(99));
            o.addProperty("max_us", latencyMicros.getMaxValue());
            o.addProperty("samples", latencyMicros.getTotalCount());
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    String toMarkdownRow() {
        String lat = latencyMicros == null || latencyMicros.getTotalCount() == 0 ? "" : String.format(
                "p50 %.2f ms, p99 %.2f ms", latencyMicros.getValueAtPercentile(50) / 1000.0,
                latencyMicros.getValueAtPercentile(99) / 1000.0);
        String range = runs > 1 ? String.format(" (%,.1f-%,.1f over %d runs)", min, max, runs) : "";
        return String.format("| %s | %,.1f %s%s | %s |", name, value, unit, range, lat);
    }
}
