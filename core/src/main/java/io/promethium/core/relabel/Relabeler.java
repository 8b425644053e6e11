package io.promethium.core.relabel;

import io.promethium.core.config.RelabelAction;
import io.promethium.core.config.RelabelConfig;
import io.promethium.core.labels.Labels;
import io.promethium.core.labels.Re2Regex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies relabeling rules to a label set with the semantics of Prometheus 2.48 {@code
 * model/relabel.Process}: rules run in order on a working copy; {@code keep}/{@code drop}/{@code
 * keepequal}/{@code dropequal} can discard the set (then the result is null). Thread-safe: stateless
 * apart from a shared cache of compiled expressions (relabel regexes come from config, so the cache is
 * bounded by the configs ever loaded).
 *
 * <table>
 *   <caption>Actions</caption>
 *   <tr><td>replace</td><td>if the joined source values match, write the expanded replacement to the
 *   expanded target label; an empty result deletes the target; an invalid target name is skipped</td></tr>
 *   <tr><td>hashmod</td><td>MD5 of the joined values; big-endian uint64 of bytes 8..15, mod modulus</td></tr>
 *   <tr><td>labelmap</td><td>every label whose name matches is copied to the expanded replacement name</td></tr>
 *   <tr><td>labeldrop/labelkeep</td><td>remove labels whose name matches / does not match</td></tr>
 *   <tr><td>lowercase/uppercase</td><td>write the case-mapped joined values to the target label</td></tr>
 * </table>
 */
public final class Relabeler {
  private static final ConcurrentHashMap<String, Re2Regex> CACHE = new ConcurrentHashMap<>();

  private Relabeler() {}

  /**
   * Relabels {@code in} with {@code cfgs}.
   *
   * @return the new label set (possibly {@code in} itself when nothing changed), or null when dropped
   */
  public static Labels process(Labels in, List<RelabelConfig> cfgs) {
    if (cfgs.isEmpty()) {
      return in;
    }
    Labels.Builder b = null; // created on the first rule that may write: keep/drop-only lists copy nothing
    Labels current = in;
    boolean dirty = false;
    for (RelabelConfig cfg : cfgs) {
      if (dirty) {
        current = b.build();
        dirty = false;
      }
      if (b == null && writes(cfg.action())) {
        b = in.toBuilder();
      }
      switch (apply(cfg, current, b)) {
        case DROP:
          return null;
        case CHANGED:
          dirty = true;
          break;
        default:
          break;
      }
    }
    return dirty ? b.build() : current;
  }

  /** The compiled form of a config's regex (cached). */
  public static Re2Regex regex(RelabelConfig cfg) {
    return CACHE.computeIfAbsent(cfg.regex(), Re2Regex::compile);
  }

  private static boolean writes(RelabelAction a) {
    return switch (a) {
      case KEEP, DROP, KEEPEQUAL, DROPEQUAL -> false;
      default -> true;
    };
  }

  private enum Outcome {
    KEEP,
    CHANGED,
    DROP
  }

  private static Outcome apply(RelabelConfig cfg, Labels current, Labels.Builder b) {
    String val = joinSources(cfg, current);
    switch (cfg.action()) {
      case DROP:
        return regex(cfg).matches(val) ? Outcome.DROP : Outcome.KEEP;
      case KEEP:
        return regex(cfg).matches(val) ? Outcome.KEEP : Outcome.DROP;
      case DROPEQUAL:
        return current.get(cfg.targetLabel()).equals(val) ? Outcome.DROP : Outcome.KEEP;
      case KEEPEQUAL:
        return current.get(cfg.targetLabel()).equals(val) ? Outcome.KEEP : Outcome.DROP;
      case REPLACE:
        return replace(cfg, val, b);
      case LOWERCASE:
        b.set(cfg.targetLabel(), val.toLowerCase(Locale.ROOT));
        return Outcome.CHANGED;
      case UPPERCASE:
        b.set(cfg.targetLabel(), val.toUpperCase(Locale.ROOT));
        return Outcome.CHANGED;
      case HASHMOD:
        b.set(cfg.targetLabel(), Long.toUnsignedString(hashMod(val, cfg.modulus())));
        return Outcome.CHANGED;
      case LABELMAP:
        {
          Re2Regex re = regex(cfg);
          boolean changed = false;
          // Iterate the snapshot: names written by this rule are not themselves mapped again.
          for (int i = 0; i < current.size(); i++) {
            String name = current.name(i);
            String mapped = re.matchAndExpand(name, cfg.replacement());
            if (mapped != null) {
              b.set(mapped, current.value(i));
              changed = true;
            }
          }
          return changed ? Outcome.CHANGED : Outcome.KEEP;
        }
      case LABELDROP:
      case LABELKEEP:
        {
          Re2Regex re = regex(cfg);
          boolean dropMatching = cfg.action() == RelabelAction.LABELDROP;
          boolean changed = false;
          for (int i = 0; i < current.size(); i++) {
            String name = current.name(i);
            if (re.matches(name) == dropMatching) {
              b.delete(name);
              changed = true;
            }
          }
          return changed ? Outcome.CHANGED : Outcome.KEEP;
        }
      default:
        throw new IllegalStateException("relabel: unknown relabel action type " + cfg.action());
    }
  }

  private static Outcome replace(RelabelConfig cfg, String val, Labels.Builder b) {
    Re2Regex re = regex(cfg);
    java.util.regex.MatchResult m = re.matcher(val);
    if (m == null) {
      return Outcome.KEEP; // no match: no replacement takes place
    }
    String target = re.expand(cfg.targetLabel(), m);
    if (!LabelName.isValid(target)) {
      return Outcome.KEEP;
    }
    String res = re.expand(cfg.replacement(), m);
    if (res.isEmpty()) {
      b.delete(target);
    } else {
      b.set(target, res);
    }
    return Outcome.CHANGED;
  }

  private static String joinSources(RelabelConfig cfg, Labels current) {
    List<String> src = cfg.sourceLabels();
    switch (src.size()) {
      case 0:
        return "";
      case 1:
        return current.get(src.get(0));
      default:
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < src.size(); i++) {
          if (i > 0) {
            sb.append(cfg.separator());
          }
          sb.append(current.get(src.get(i)));
        }
        return sb.toString();
    }
  }

  /**
   * Prometheus's hashmod: the MD5 sum of {@code val}, its last 8 bytes read as a big-endian unsigned
   * 64-bit integer, modulo {@code modulus} (unsigned).
   */
  public static long hashMod(String val, long modulus) {
    byte[] sum;
    try {
      sum = MessageDigest.getInstance("MD5").digest(val.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java runtime", e);
    }
    long h = 0;
    for (int i = 8; i < 16; i++) {
      h = (h << 8) | (sum[i] & 0xFF);
    }
    return Long.remainderUnsigned(h, modulus);
  }
}
