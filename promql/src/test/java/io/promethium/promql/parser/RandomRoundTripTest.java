package io.promethium.promql.parser;

import io.promethium.promql.ast.FunctionSignature;
import io.promethium.promql.ast.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random round trips: generates well-typed PromQL text from the grammar, parses it, and checks that
 * the printed form parses back to the same tree. A failure names the seed and the input, so it can be
 * replayed with {@code -Dpromethium.fuzz.seed=...}.
 */
class RandomRoundTripTest {
  private static final int CASES = 3000;
  private static final String[] NAMES = {"up", "foo", "http_requests_total", "job:rate:5m", "sum", "by",
      "offset", "start", "nan_metric", "a_b"};
  private static final String[] LABELS = {"job", "instance", "a", "le", "by", "on", "bool", "offset"};
  private static final String[] VALUES = {"x", "", "a\\\"b", "é", "\\n", ".*", "a|b", "}", "'"};
  private static final String[] DURATIONS = {"1ms", "15s", "5m", "1h30m", "2d", "1w", "1y", "90s", "1h1ms"};
  private static final String[] NUMBERS = {"0", "1", "2.5", ".5", "5.", "1e3", "1.5e-7", "0x1f", "Inf", "NaN",
      "123456789", "0.0001", "1e21", "0755"};

  private final Random rnd;

  RandomRoundTripTest() {
    this.rnd = new Random(Long.getLong("promethium.fuzz.seed", 20260101L));
  }

  @Test
  void generatedExpressionsRoundTrip() {
    long seed = Long.getLong("promethium.fuzz.seed", 20260101L);
    for (int i = 0; i < CASES; i++) {
      ValueType t = rnd.nextInt(4) == 0 ? ValueType.SCALAR : ValueType.VECTOR;
      String q = gen(t, 4);
      try {
        RoundTrip.assertRoundTrips(PromQLParser.parseExpr(q));
      } catch (ParseException | AssertionError e) {
        throw new AssertionError("seed " + seed + ", case " + i + ": " + q + ": " + e.getMessage(), e);
      }
    }
  }

  private String gen(ValueType t, int depth) {
    return switch (t) {
      case SCALAR -> scalar(depth);
      case VECTOR -> vector(depth);
      case MATRIX -> matrix(depth);
      case STRING -> "\"" + pick(VALUES) + "\"";
    };
  }

  private String scalar(int depth) {
    int choice = depth <= 0 ? 0 : rnd.nextInt(6);
    return switch (choice) {
      case 0 -> (rnd.nextInt(4) == 0 ? "-" : "") + pick(NUMBERS);
      case 1 -> pick(new String[] {"time()", "pi()"});
      case 2 -> "scalar(" + vector(depth - 1) + ")";
      case 3 -> binary(ValueType.SCALAR, ValueType.SCALAR, depth);
      case 4 -> "(" + scalar(depth - 1) + ")";
      default -> "-" + wrap(scalar(depth - 1));
    };
  }

  private String vector(int depth) {
    int choice = depth <= 0 ? 0 : rnd.nextInt(8);
    return switch (choice) {
      case 0 -> selector();
      case 1 -> aggregate(depth);
      case 2 -> call(ValueType.VECTOR, depth);
      case 3 -> binary(ValueType.VECTOR, rnd.nextBoolean() ? ValueType.VECTOR : ValueType.SCALAR, depth);
      case 4 -> binary(ValueType.SCALAR, ValueType.VECTOR, depth);
      case 5 -> "(" + vector(depth - 1) + ")";
      case 6 -> (rnd.nextBoolean() ? "-" : "+") + wrap(vector(depth - 1));
      default -> selector();
    };
  }

  private String matrix(int depth) {
    if (depth <= 0 || rnd.nextBoolean()) {
      return selectorBody() + "[" + pick(DURATIONS) + "]" + modifiers();
    }
    String inner = rnd.nextBoolean() ? wrapAlways(vector(depth - 1)) : call(ValueType.VECTOR, depth - 1);
    String step = rnd.nextBoolean() ? pick(DURATIONS) : "";
    return inner + "[" + pick(DURATIONS) + ":" + step + "]" + modifiers();
  }

  private String selector() {
    return selectorBody() + modifiers();
  }

  private String selectorBody() {
    StringBuilder sb = new StringBuilder();
    boolean named = rnd.nextInt(5) != 0;
    if (named) {
      sb.append(pick(NAMES));
    }
    int n = named ? rnd.nextInt(3) : 1 + rnd.nextInt(2);
    if (n > 0 || (named && rnd.nextBoolean())) {
      sb.append('{');
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        String op = pick(new String[] {"=", "!=", "=~", "!~"});
        String value = pick(VALUES);
        if (!named && i == 0) {
          op = "=";
          value = "nonempty";
        }
        sb.append(pick(LABELS)).append(op).append('"').append(value).append('"');
      }
      sb.append('}');
    }
    return sb.toString();
  }

  private String modifiers() {
    StringBuilder sb = new StringBuilder();
    String at = switch (rnd.nextInt(6)) {
      case 0 -> " @ " + (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(2_000_000_000) + "." + rnd.nextInt(1000);
      case 1 -> " @ start()";
      case 2 -> " @ end()";
      default -> "";
    };
    String offset = rnd.nextInt(3) == 0 ? " offset " + (rnd.nextBoolean() ? "-" : "") + pick(DURATIONS) : "";
    if (rnd.nextBoolean()) {
      sb.append(at).append(offset);
    } else {
      sb.append(offset).append(at);
    }
    return sb.toString();
  }

  private String aggregate(int depth) {
    String op = pick(new String[] {"sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk",
        "bottomk", "quantile", "count_values"});
    String param = switch (op) {
      case "topk", "bottomk", "quantile" -> scalar(depth - 1) + ", ";
      case "count_values" -> "\"" + pick(LABELS) + "\", ";
      default -> "";
    };
    String grouping = switch (rnd.nextInt(3)) {
      case 0 -> " by (" + labels() + ")";
      case 1 -> " without (" + labels() + ")";
      default -> "";
    };
    String body = "(" + param + vector(depth - 1) + ")";
    return rnd.nextBoolean() ? op + grouping + " " + body : op + body + grouping;
  }

  private String labels() {
    List<String> ls = new ArrayList<>();
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      ls.add(pick(LABELS));
    }
    return String.join(", ", ls);
  }

  private String call(ValueType ret, int depth) {
    List<FunctionSignature> candidates = Functions.all().values().stream()
        .filter(f -> f.returnType() == ret).toList();
    FunctionSignature f = candidates.get(rnd.nextInt(candidates.size()));
    List<String> args = new ArrayList<>();
    int n = f.argTypes().size();
    if (f.variadic() > 0 && rnd.nextBoolean()) {
      n--; // leave out the optional trailing argument
    } else if (f.variadic() < 0) {
      n += rnd.nextInt(3);
    }
    for (int i = 0; i < n; i++) {
      ValueType at = f.argTypes().get(Math.min(i, f.argTypes().size() - 1));
      args.add(gen(at, depth - 1));
    }
    return f.name() + "(" + String.join(", ", args) + ")";
  }

  private String binary(ValueType lt, ValueType rt, int depth) {
    boolean vectors = lt == ValueType.VECTOR && rt == ValueType.VECTOR;
    String[] ops = vectors
        ? new String[] {"+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<=", "and", "or",
            "unless"}
        : new String[] {"+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<="};
    String op = pick(ops);
    boolean comparison = op.matches("==|!=|>|<|>=|<=");
    boolean set = op.matches("and|or|unless");
    StringBuilder mods = new StringBuilder();
    if (comparison && (!vectors || rnd.nextBoolean())) {
      // Comparisons between scalars need bool; elsewhere it is optional.
      if (lt == ValueType.SCALAR && rt == ValueType.SCALAR || rnd.nextBoolean()) {
        mods.append(" bool");
      }
    }
    if (vectors && rnd.nextBoolean()) {
      mods.append(rnd.nextBoolean() ? " on(" : " ignoring(").append(labels()).append(')');
      if (!set && rnd.nextBoolean()) {
        mods.append(rnd.nextBoolean() ? " group_left" : " group_right");
        // Labels apart from LABELS: one in both on(...) and group_x(...) is an error. Always written,
        // because a bare group_x followed by "(" would take the operand for its label list.
        mods.append(pick(new String[] {"()", "(extra)", "(extra, x2)"}));
      }
    }
    String l = wrap(gen(lt, depth - 1));
    String r = wrap(gen(rt, depth - 1));
    return l + " " + op + mods + " " + r;
  }

  /** Parenthesises operands that are themselves operator expressions, so the generated types hold. */
  private String wrap(String s) {
    boolean simple = s.matches("[A-Za-z_:][A-Za-z0-9_:]*(\\{[^}]*})?( @ \\S+| offset \\S+)*")
        || s.matches("[0-9.][0-9A-Za-z.+-]*|Inf|NaN");
    return simple ? s : "(" + s + ")";
  }

  private static String wrapAlways(String s) {
    return "(" + s + ")";
  }

  private String pick(String[] options) {
    return options[rnd.nextInt(options.length)];
  }
}
