package io.cdp.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.cli.bench.BenchmarkCommand.Target;
import org.junit.jupiter.api.Test;

/** The verdicts the benchmarks print after their figures. */
class TargetTest {
    @Test
    void aRatioMeetsItsTargetFromTheBoundUp() {
        Target ratio = Target.ratioAtLeast(0.8);

        assertThat(ratio.verdict(0.8)).isEqualTo("(target >= 0.8: met)");
        assertThat(ratio.verdict(0.79)).isEqualTo("(target >= 0.8: NOT met)");
    }

    @Test
    void theP99MeetsItsTargetBelowTheBoundOnly() {
        assertThat(Target.P99_MILLIS.verdict(4999)).isEqualTo("(target p99 < 5000 ms: met)");
        assertThat(Target.P99_MILLIS.verdict(5000)).isEqualTo("(target p99 < 5000 ms: NOT met)");
    }
}
