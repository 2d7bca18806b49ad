package dev.banata.vault.internal.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress shows rows done of the total, the rate and the time left: redrawn on a terminal, a line per interval in a log. */
class ProgressDisplayTest {

  private final AtomicLong now = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void inALogOneLinePerIntervalWithRateAndEta() {
    Progress progress = new Progress(stream, false, Duration.ofSeconds(10), now::get);
    Progress.Task task = progress.start("rotate customers (pass 1)", 100_000);

    for (int second = 1; second <= 25; second++) {
      now.set(Duration.ofSeconds(second).toNanos());
      task.advance(1_000);
    }
    task.finish("rewrote 25,000 rows");

    assertThat(text().lines()).containsExactly(
        "rotate customers (pass 1): 10,000/100,000 rows (10.0%), 1,000 rows/s, ETA 1:30",
        "rotate customers (pass 1): 20,000/100,000 rows (20.0%), 1,000 rows/s, ETA 1:20",
        "rotate customers (pass 1): 25,000/100,000 rows (25.0%), 1,000 rows/s, took 0:25",
        "  rewrote 25,000 rows");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlace() {
    Progress progress = new Progress(stream, true, Duration.ofMillis(200), now::get);
    Progress.Task task = progress.start("encrypt-existing patients (pass 1)", 3_000);

    for (int step = 1; step <= 3; step++) {
      now.set(Duration.ofSeconds(step).toNanos());
      task.advance(1_000);
    }
    task.finish(null);

    assertThat(text()).startsWith("\rencrypt-existing patients (pass 1): 1,000/3,000 rows (33.3%), 1,000 rows/s, ETA 0:02\u001b[K\r")
        .endsWith("took 0:03\u001b[K\n")
        .doesNotContain("\n\r");
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
