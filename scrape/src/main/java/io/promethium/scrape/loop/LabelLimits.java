package io.promethium.scrape.loop;

import io.promethium.core.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * {@code label_limit}, {@code label_name_length_limit} and {@code label_value_length_limit} (0 = none),
 * checked on new series after relabeling with Prometheus's error texts. Lengths are in bytes, as Go's
 * {@code len}. Immutable.
 */
record LabelLimits(long labelLimit, long nameLengthLimit, long valueLengthLimit) {
  static final LabelLimits NONE = new LabelLimits(0, 0, 0);

  /** The error text, or null when the labels are within the limits. */
  String check(Labels lset) {
    String met = lset.metricName();
    if (labelLimit > 0 && lset.size() > labelLimit) {
      return "label_limit exceeded (metric: " + trunc(met) + ", number of labels: " + lset.size() + ", limit: "
          + labelLimit + ")";
    }
    if (nameLengthLimit == 0 && valueLengthLimit == 0) {
      return null;
    }
    for (int i = 0; i < lset.size(); i++) {
      String name = lset.name(i);
      String value = lset.value(i);
      if (nameLengthLimit > 0) {
        int len = utf8Length(name);
        if (len > nameLengthLimit) {
          return "label_name_length_limit exceeded (metric: " + trunc(met) + ", label name: " + trunc(name)
              + ", length: " + len + ", limit: " + nameLengthLimit + ")";
        }
      }
      if (valueLengthLimit > 0) {
        int len = utf8Length(value);
        if (len > valueLengthLimit) {
          return "label_value_length_limit exceeded (metric: " + trunc(met) + ", label name: " + trunc(name)
              + ", value: \"" + trunc(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\", length: " + len
              + ", limit: " + valueLengthLimit + ")";
        }
      }
    }
    return null;
  }

  /** Go's {@code %.50s}: at most 50 characters. */
  private static String trunc(String s) {
    return s.codePointCount(0, s.length()) <= 50 ? s : s.substring(0, s.offsetByCodePoints(0, 50));
  }

  private static int utf8Length(String s) {
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    return ascii ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
