package io.promethium.tsdb.block;

import io.promethium.core.json.JsonNumber;
import io.promethium.core.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A block's {@code meta.json}: identity, time range {@code [minTime, maxTime)} (end exclusive), statistics
 * and compaction lineage. Immutable. See {@code docs/format/meta-json.md}; read and written by {@link
 * MetaFile}.
 *
 * @param ulid block name
 * @param minTime first millisecond covered (inclusive)
 * @param maxTime end of the range (exclusive)
 * @param stats sample, series, chunk and tombstone counts
 * @param compaction level, sources, parents
 * @param version meta format version, 1
 */
public record BlockMeta(
    String ulid, long minTime, long maxTime, Stats stats, Compaction compaction, int version) {
  public static final int VERSION = 1;

  public BlockMeta {
    stats = stats == null ? new Stats(0, 0, 0, 0) : stats;
    compaction = compaction == null ? new Compaction(1, List.of(ulid), List.of(), false, false) : compaction;
  }

  /** Statistics; {@code numTombstones} is omitted from JSON when 0, as in Prometheus. */
  public record Stats(long numSamples, long numSeries, long numChunks, long numTombstones) {}

  /**
   * Compaction lineage.
   *
   * @param level 1 for blocks cut from the head, parents' max + 1 after compaction
   * @param sources ULIDs of the level-1 blocks whose data this block holds
   * @param parents the blocks compacted into this one (empty at level 1)
   * @param deletable marks a block to delete (a compaction produced no samples)
   * @param failed marks a block whose compaction failed
   */
  public record Compaction(
      int level, List<String> sources, List<BlockDesc> parents, boolean deletable, boolean failed) {
    public Compaction {
      sources = List.copyOf(sources);
      parents = List.copyOf(parents);
    }
  }

  /** A parent block as listed in {@code compaction.parents}. */
  public record BlockDesc(String ulid, long minTime, long maxTime) {}

  /** Whether the block's range overlaps {@code [min, max]} (both inclusive, as query ranges are). */
  public boolean overlapsClosed(long min, long max) {
    return minTime <= max && min < maxTime;
  }

  /** Renders the JSON as Prometheus does ({@code json.MarshalIndent} with tabs). */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n");
    sb.append("\t\"ulid\": ").append(quote(ulid)).append(",\n");
    sb.append("\t\"minTime\": ").append(minTime).append(",\n");
    sb.append("\t\"maxTime\": ").append(maxTime).append(",\n");
    sb.append("\t\"stats\": {\n");
    sb.append("\t\t\"numSamples\": ").append(stats.numSamples()).append(",\n");
    sb.append("\t\t\"numSeries\": ").append(stats.numSeries()).append(",\n");
    sb.append("\t\t\"numChunks\": ").append(stats.numChunks());
    if (stats.numTombstones() != 0) {
      sb.append(",\n\t\t\"numTombstones\": ").append(stats.numTombstones());
    }
    sb.append("\n\t},\n");
    sb.append("\t\"compaction\": {\n");
    sb.append("\t\t\"level\": ").append(compaction.level());
    sb.append(",\n\t\t\"sources\": [");
    appendStrings(sb, compaction.sources());
    sb.append("]");
    if (compaction.deletable()) {
      sb.append(",\n\t\t\"deletable\": true");
    }
    if (!compaction.parents().isEmpty()) {
      sb.append(",\n\t\t\"parents\": [\n");
      for (int i = 0; i < compaction.parents().size(); i++) {
        BlockDesc p = compaction.parents().get(i);
        sb.append("\t\t\t{\n");
        sb.append("\t\t\t\t\"ulid\": ").append(quote(p.ulid())).append(",\n");
        sb.append("\t\t\t\t\"minTime\": ").append(p.minTime()).append(",\n");
        sb.append("\t\t\t\t\"maxTime\": ").append(p.maxTime()).append('\n');
        sb.append(i + 1 < compaction.parents().size() ? "\t\t\t},\n" : "\t\t\t}\n");
      }
      sb.append("\t\t]");
    }
    if (compaction.failed()) {
      sb.append(",\n\t\t\"failed\": true");
    }
    sb.append("\n\t},\n");
    sb.append("\t\"version\": ").append(version).append('\n');
    sb.append("}");
    return sb.toString();
  }

  private static void appendStrings(StringBuilder sb, List<String> l) {
    if (l.isEmpty()) {
      return;
    }
    sb.append('\n');
    for (int i = 0; i < l.size(); i++) {
      sb.append("\t\t\t").append(quote(l.get(i))).append(i + 1 < l.size() ? ",\n" : "\n");
    }
    sb.append("\t\t");
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Parses meta.json text.
   *
   * @throws IllegalArgumentException naming the offset or field that is wrong
   */
  @SuppressWarnings("unchecked")
  public static BlockMeta parse(String json) {
    Object root = JsonReader.parse(json);
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("meta.json: top level is not an object");
    }
    Map<String, Object> m = (Map<String, Object>) root;
    String ulid = str(m, "ulid");
    if (!Ulid.isValid(ulid)) {
      throw new IllegalArgumentException("meta.json: invalid ulid '" + ulid + "'");
    }
    long version = num(m, "version", 1);
    if (version != VERSION) {
      throw new IllegalArgumentException("meta.json: unsupported version " + version);
    }
    Map<String, Object> st = obj(m, "stats");
    Stats stats =
        new Stats(num(st, "numSamples", 0), num(st, "numSeries", 0), num(st, "numChunks", 0),
            num(st, "numTombstones", 0));
    Map<String, Object> c = obj(m, "compaction");
    List<String> sources = new ArrayList<>();
    for (Object o : list(c, "sources")) {
      sources.add(String.valueOf(o));
    }
    List<BlockDesc> parents = new ArrayList<>();
    for (Object o : list(c, "parents")) {
      if (o instanceof Map) {
        Map<String, Object> p = (Map<String, Object>) o;
        parents.add(new BlockDesc(str(p, "ulid"), num(p, "minTime", 0), num(p, "maxTime", 0)));
      }
    }
    Compaction comp =
        new Compaction((int) num(c, "level", 1), sources, parents, bool(c, "deletable"), bool(c, "failed"));
    return new BlockMeta(ulid, num(m, "minTime", null), num(m, "maxTime", null), stats, comp, (int) version);
  }

  private static String str(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (!(v instanceof String)) {
      throw new IllegalArgumentException("meta.json: field " + k + " missing or not a string");
    }
    return (String) v;
  }

  private static long num(Map<String, Object> m, String k, Integer dflt) {
    Object v = m.get(k);
    if (v == null && dflt != null) {
      return dflt;
    }
    if (!(v instanceof JsonNumber n) || !n.isLong()) {
      throw new IllegalArgumentException("meta.json: field " + k + " missing or not an integer");
    }
    return n.longValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> obj(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v instanceof List ? (List<Object>) v : List.of();
  }

  private static boolean bool(Map<String, Object> m, String k) {
    return Boolean.TRUE.equals(m.get(k));
  }
}
