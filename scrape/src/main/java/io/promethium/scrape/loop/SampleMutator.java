package io.promethium.scrape.loop;

import io.promethium.core.config.RelabelConfig;
import io.promethium.core.labels.Labels;
import io.promethium.core.relabel.Relabeler;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the labels a target exposed for a series into the labels stored, as Prometheus's
 * {@code mutateSampleLabels}: target labels are attached ({@code honor_labels: true} keeps the exposed
 * value on a conflict; otherwise the target wins and the exposed value moves to {@code exported_<name>},
 * prefixing again while that name is taken, shortest names first), then {@code metric_relabel_configs}
 * run. Runs on scrape-cache misses only. Immutable and thread-safe.
 */
final class SampleMutator {
  private static final String EXPORTED_PREFIX = "exported_";

  private final Labels targetLabels;
  private final boolean honorLabels;
  private final List<RelabelConfig> metricRelabelConfigs;

  SampleMutator(Labels targetLabels, boolean honorLabels, List<RelabelConfig> metricRelabelConfigs) {
    this.targetLabels = targetLabels;
    this.honorLabels = honorLabels;
    this.metricRelabelConfigs = metricRelabelConfigs;
  }

  /** The stored labels, or null when relabeling dropped the series. */
  Labels mutate(Labels exposed) {
    Labels.Builder b = exposed.toBuilder();
    if (honorLabels) {
      for (int i = 0; i < targetLabels.size(); i++) {
        if (!exposed.has(targetLabels.name(i))) {
          b.set(targetLabels.name(i), targetLabels.value(i));
        }
      }
    } else {
      List<String[]> conflicts = null;
      for (int i = 0; i < targetLabels.size(); i++) {
        String name = targetLabels.name(i);
        String existing = exposed.get(name);
        if (!existing.isEmpty()) {
          if (conflicts == null) {
            conflicts = new ArrayList<>(2);
          }
          conflicts.add(new String[] {name, existing});
        }
        b.set(name, targetLabels.value(i));
      }
      if (conflicts != null) {
        // Stable sort by name length, as Prometheus: "exported_" chains resolve shortest first.
        conflicts.sort((x, y) -> Integer.compare(x[0].length(), y[0].length()));
        for (String[] c : conflicts) {
          String newName = c[0];
          do {
            newName = EXPORTED_PREFIX + newName;
          } while (!b.get(newName).isEmpty());
          b.set(newName, c[1]);
        }
      }
    }
    Labels out = b.build();
    if (!metricRelabelConfigs.isEmpty()) {
      out = Relabeler.process(out, metricRelabelConfigs);
    }
    return out == null || out.isEmpty() ? null : out;
  }
}
