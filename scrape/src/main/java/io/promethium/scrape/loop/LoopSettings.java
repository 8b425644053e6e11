package io.promethium.scrape.loop;

import io.promethium.core.config.RelabelConfig;
import io.promethium.core.config.ScrapeConfig;
import java.util.List;

/** The per-sample settings of a scrape pool's loops, taken from its {@link ScrapeConfig}. Immutable. */
record LoopSettings(boolean honorLabels, boolean honorTimestamps, long sampleLimit, LabelLimits labelLimits,
    List<RelabelConfig> metricRelabelConfigs) {

  static LoopSettings of(ScrapeConfig cfg) {
    return new LoopSettings(cfg.honorLabels(), cfg.honorTimestamps(), cfg.sampleLimit(),
        new LabelLimits(cfg.labelLimit(), cfg.labelNameLengthLimit(), cfg.labelValueLengthLimit()),
        cfg.metricRelabelConfigs());
  }
}
