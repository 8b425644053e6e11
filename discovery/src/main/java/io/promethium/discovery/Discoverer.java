package io.promethium.discovery;

import io.promethium.core.discovery.TargetGroup;
import java.util.List;
import java.util.function.Consumer;

/**
 * One source of targets (a {@code static_configs} list, a {@code file_sd_configs} entry, later a Kubernetes
 * role), as Prometheus's {@code discovery.Discoverer}.
 *
 * <p>{@link #start} begins discovery and returns at once; the discoverer then calls {@code updates} from
 * its own thread (or from {@code start} itself) with groups that changed: first every group it knows, then
 * each changed group again, and a group with no targets when a source disappeared. Groups are identified by
 * {@link TargetGroup#source()} within one discoverer. The lists passed are owned by the receiver.
 * Implementations are thread-safe; {@link #close} stops discovery and is idempotent.
 */
public interface Discoverer extends AutoCloseable {
  void start(Consumer<List<TargetGroup>> updates);

  @Override
  void close();
}
