package io.promethium.core.discovery;

import io.promethium.core.labels.Labels;
import java.util.List;

/**
 * A set of targets that share labels, as one discovery source reports them; what discovery hands to
 * scrape. A group with no targets means the source's earlier group of that name is gone.
 *
 * @param source unique name of the group within its provider (e.g. {@code pod/ns/name}, a file name)
 * @param targets each target's own labels, at least {@code __address__}
 * @param labels labels common to every target of the group
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {}
