package io.promethium.promql.engine;

import io.promethium.core.labels.Labels;

/**
 * Receives the series of an instant-vector expression one at a time, so a consumer that folds them
 * (an aggregation) never holds them all. {@code values} is indexed by step with {@link StepSeries#ABSENT}
 * where the series has no sample; the array may be reused by the producer after the call returns.
 */
@FunctionalInterface
interface SeriesSink {
  void accept(Labels labels, double[] values);
}
