package io.promethium.promql.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects outcomes and timings of a compliance run and renders the summary lines ({@code <suite>: N passed, M
 * failed, K skipped of T}) and the report: failures with their diffs, skips with their reasons, the slowest
 * queries in our engine, then every passed query with the amount of data compared. Thread-safe.
 */
final class ComplianceReport {
  /** Per query and suite: nanoseconds in our engine and at the reference (including HTTP and JSON). */
  private record Timing(String query, long engineNanos, long referenceNanos) {}

  private static final int SLOWEST_LISTED = 10;

  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<Timing> timings = new ArrayList<>();

  synchronized void add(Outcome o) {
    outcomes.add(o);
  }

  synchronized void time(QuerySuite suite, String query, long engineNanos, long referenceNanos) {
    timings.add(new Timing(suite.tag() + query, engineNanos, referenceNanos));
  }

  synchronized boolean isEmpty() {
    return outcomes.isEmpty();
  }

  synchronized long total(QuerySuite suite) {
    return outcomes.stream().filter(o -> o.suite().equals(suite)).count();
  }

  /** {@code <suite>: N passed, M failed, K skipped of T}. */
  synchronized String summary(QuerySuite suite) {
    long[] n = new long[Outcome.Status.values().length];
    long total = 0;
    for (Outcome o : outcomes) {
      if (o.suite().equals(suite)) {
        n[o.status().ordinal()]++;
        total++;
      }
    }
    long noted = n[Outcome.Status.NOTED.ordinal()];
    return suite.name() + ": " + (n[Outcome.Status.PASSED.ordinal()] + noted) + " passed"
        + (noted > 0 ? " (" + noted + " with notes)" : "") + ", " + n[Outcome.Status.FAILED.ordinal()]
        + " failed, " + n[Outcome.Status.SKIPPED.ordinal()] + " skipped of " + total;
  }

  /** The whole report; {@code header} (summary and run parameters) comes first. */
  synchronized String render(String header) {
    StringBuilder report = new StringBuilder(header);
    long engine = 0;
    long reference = 0;
    for (Timing t : timings) {
      engine += t.engineNanos();
      reference += t.referenceNanos();
    }
    report.append("time: promethium engine ").append(engine / 1_000_000).append(" ms in process, prometheus ")
        .append(reference / 1_000_000).append(" ms including HTTP and JSON\n\n");
    for (Outcome.Status st : new Outcome.Status[] {Outcome.Status.FAILED, Outcome.Status.SKIPPED,
        Outcome.Status.NOTED}) {
      for (Outcome o : outcomes) {
        if (o.status() == st) {
          report.append(st).append(' ').append(o.suite().tag()).append(o.testCase().query()).append('\n')
              .append(o.detail()).append('\n');
        }
      }
    }
    report.append("slowest in our engine (engine ms / prometheus ms incl. HTTP; includes JIT warm-up):\n");
    List<Timing> slowest = new ArrayList<>(timings);
    slowest.sort((a, b) -> Long.compare(b.engineNanos(), a.engineNanos()));
    for (Timing t : slowest.subList(0, Math.min(SLOWEST_LISTED, slowest.size()))) {
      report.append("  ").append(t.engineNanos() / 1_000_000).append(" / ").append(t.referenceNanos() / 1_000_000)
          .append("  ").append(t.query()).append('\n');
    }
    report.append("\nPASSED (series, points compared):\n");
    for (Outcome o : outcomes) {
      if (o.status() == Outcome.Status.PASSED || o.status() == Outcome.Status.NOTED) {
        report.append("  ").append(o.series()).append('\t').append(o.points()).append('\t')
            .append(o.suite().tag()).append(o.testCase().query()).append('\n');
      }
    }
    return report.toString();
  }
}
