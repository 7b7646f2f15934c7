package io.github.tinodej.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The smoke profile in CI: a few seconds per scenario against the real launcher. It fails on lost
 * or duplicated messages and failed requests, never on absolute times (the machines are shared and
 * noisy); the figures are written to target/bench-smoke for reading.
 */
class BenchSmokeTest {

    @Test
    void smokeProfile_noErrorsAndEveryFigureReported() throws Exception {
        Path jar = Path.of("../tinode-examples/target/tinode.jar").toAbsolutePath().normalize();
        Path out = Path.of("target", "bench-smoke");
        BenchMain.Report r = BenchMain.run("smoke", jar, out);
        System.out.println(Files.readString(out.resolve("results.md")));
        assertThat(r.errors()).isZero();
        // Rates must show work was done and nothing may be left behind. Sizes and idle CPU are
        // noise-level at smoke scale (200 sessions move the heap and RSS by less than a GC does, and
        // idle CPU may round to zero), so they only have to be real numbers.
        for (Result x : r.results()) {
            if (x.name().contains("_left_")) {
                assertThat(x.value()).as(x.name()).isZero();
            } else if (java.util.regex.Pattern.compile("/s\\b").matcher(x.unit()).find()) {
                // A rate ("pubs/s", "sessions/s (distinct users)"), not a size per session.
                assertThat(x.value()).as(x.name()).isPositive();
            } else {
                assertThat(x.value()).as(x.name()).isFinite();
            }
        }
        assertThat(out.resolve("results.json")).exists();
    }
}
