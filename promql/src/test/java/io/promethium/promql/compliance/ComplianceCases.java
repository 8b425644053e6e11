package io.promethium.promql.compliance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the compliance tester's query file ({@code test_cases}: {@code query}, {@code variant_args},
 * {@code skip_comparison}, {@code should_fail}) and expands each templated query over every combination of its
 * variant arguments, in the tester's order: the first listed argument varies slowest. Stateless.
 */
final class ComplianceCases {
  /** One fully expanded query. */
  record Case(String query, boolean skipComparison, boolean shouldFail) {}

  /** The tester's values per variant argument ({@code testcases/expand.go}). */
  static final Map<String, List<String>> VARIANT_VALUES = variantValues();

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*\\.([A-Za-z]+)\\s*}}");

  private ComplianceCases() {}

  private static Map<String, List<String>> variantValues() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("range", List.of("1s", "15s", "1m", "5m", "15m", "1h"));
    m.put("offset", List.of("1m", "5m", "10m"));
    m.put("simpleAggrOp", List.of("sum", "avg", "max", "min", "count", "stddev", "stdvar"));
    m.put("simpleTimeAggrOp", List.of("sum", "avg", "max", "min", "count", "stddev", "stdvar", "absent", "last"));
    m.put("topBottomOp", List.of("topk", "bottomk"));
    m.put("quantile", List.of("-0.5", "0.1", "0.5", "0.75", "0.95", "0.90", "0.99", "1", "1.5"));
    m.put("arithBinOp", List.of("+", "-", "*", "/", "%", "^"));
    m.put("compBinOp", List.of("==", "!=", "<", ">", "<=", ">="));
    m.put("binOp", List.of("+", "-", "*", "/", "%", "^", "==", "!=", "<", ">", "<=", ">="));
    m.put("simpleMathFunc", List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "round"));
    m.put("extrapolatedRateFunc", List.of("delta", "rate", "increase"));
    m.put("clampFunc", List.of("clamp_min", "clamp_max"));
    m.put("instantRateFunc", List.of("idelta", "irate"));
    m.put("dateFunc", List.of("day_of_month", "day_of_week", "days_in_month", "hour", "minute", "month", "year"));
    m.put("smoothingFactor", List.of("0.1", "0.5", "0.8"));
    m.put("trendFactor", List.of("0.1", "0.5", "0.8"));
    return Map.copyOf(m);
  }

  static List<Case> load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(r, file.toString());
    }
  }

  /**
   * Reads cases from {@code in} ({@code source} names it in errors). Besides the tester's keys, a top-level
   * {@code variant_values} map may add variant arguments of its own (our extra queries use it).
   */
  @SuppressWarnings("unchecked")
  static List<Case> load(Reader in, String source) throws IOException {
    Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    Map<String, List<String>> variants = new HashMap<>(VARIANT_VALUES);
    Object extra = doc.get("variant_values");
    if (extra instanceof Map<?, ?> m) {
      m.forEach((k, v) -> variants.put(String.valueOf(k), ((List<Object>) v).stream().map(String::valueOf).toList()));
    }
    List<Case> out = new ArrayList<>();
    int n = 0;
    for (Object o : (List<Object>) doc.get("test_cases")) {
      n++;
      Map<String, Object> tc = (Map<String, Object>) o;
      Object q = tc.get("query");
      if (!(q instanceof String query)) {
        throw new IOException(source + ": test case " + n + ": query missing or not a string");
      }
      List<String> args = (List<String>) tc.getOrDefault("variant_args", List.of());
      boolean skip = Boolean.TRUE.equals(tc.get("skip_comparison"));
      boolean fail = Boolean.TRUE.equals(tc.get("should_fail"));
      for (String expanded : expand(query, args, variants)) {
        out.add(new Case(expanded, skip, fail));
      }
    }
    return out;
  }

  /** Every instantiation of {@code template} over {@code args}, first argument slowest. */
  static List<String> expand(String template, List<String> args) {
    return expand(template, args, VARIANT_VALUES);
  }

  static List<String> expand(String template, List<String> args, Map<String, List<String>> variants) {
    List<String> out = new ArrayList<>();
    expand(template, args, variants, 0, new HashMap<>(), out);
    return out;
  }

  private static void expand(String template, List<String> args, Map<String, List<String>> variants, int depth,
      Map<String, String> chosen, List<String> out) {
    if (depth == args.size()) {
      out.add(substitute(template, chosen));
      return;
    }
    String arg = args.get(depth);
    List<String> values = variants.get(arg);
    if (values == null) {
      throw new IllegalArgumentException("unknown variant arg \"" + arg + "\" in query " + template);
    }
    for (String v : values) {
      chosen.put(arg, v);
      expand(template, args, variants, depth + 1, chosen, out);
    }
    chosen.remove(arg);
  }

  private static String substitute(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("no value for {{." + m.group(1) + "}} in query " + template);
      }
      m.appendReplacement(b, Matcher.quoteReplacement(v));
    }
    m.appendTail(b);
    return b.toString();
  }
}
