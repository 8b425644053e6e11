package io.promethium.discovery;

import io.promethium.core.discovery.TargetGroup;
import io.promethium.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Targets written in the configuration ({@code static_configs}): sends its groups once and never changes.
 * Group sources are the index of the entry ({@code "0"}, {@code "1"}, ...), as in Prometheus. Immutable
 * and thread-safe.
 */
public final class StaticDiscovery implements Discoverer {
  /** The label holding a target's {@code host:port}. */
  public static final String ADDRESS_LABEL = "__address__";

  private final List<TargetGroup> groups;

  public StaticDiscovery(List<TargetGroup> groups) {
    this.groups = List.copyOf(groups);
  }

  /**
   * The group for one {@code static_configs} entry.
   *
   * @param index position of the entry in its list (the group's source)
   * @param targets {@code host:port} strings, each becoming a target with that {@code __address__}
   * @param labels labels common to the targets
   */
  public static TargetGroup group(int index, List<String> targets, Labels labels) {
    List<Labels> ts = new ArrayList<>(targets.size());
    for (String t : targets) {
      ts.add(Labels.of(ADDRESS_LABEL, t));
    }
    return new TargetGroup(Integer.toString(index), List.copyOf(ts), labels == null ? Labels.EMPTY : labels);
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    updates.accept(new ArrayList<>(groups));
  }

  @Override
  public void close() {}
}
