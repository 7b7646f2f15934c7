package io.github.tinodej.bench;

import com.google.gson.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * One measured figure, with its latency distribution in microseconds when it has one.
 *
 * @param name scenario or probe name
 * @param value the headline figure
 * @param unit its unit
 * @param latencyMicros latency histogram or null
 */
record Result(String name, double value, String unit, Histogram latencyMicros) {

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("value", Math.round(value * 100) / 100.0);
        o.addProperty("unit", unit);
        if (latencyMicros != null && latencyMicros.getTotalCount() > 0) {
            o.addProperty("p50_us", latencyMicros.getValueAtPercentile(50));
            o.addProperty("p99_us", latencyMicros.getValueAtPercentile(99));
            o.addProperty("max_us", latencyMicros.getMaxValue());
            o.addProperty("samples", latencyMicros.getTotalCount());
        }
        return o;
    }

    String toMarkdownRow() {
        String lat = latencyMicros == null || latencyMicros.getTotalCount() == 0 ? "" : String.format(
                "p50 %.2f ms, p99 %.2f ms", latencyMicros.getValueAtPercentile(50) / 1000.0,
                latencyMicros.getValueAtPercentile(99) / 1000.0);
        return String.format("| %s | %.1f %s | %s |", name, value, unit, lat);
    }
}
