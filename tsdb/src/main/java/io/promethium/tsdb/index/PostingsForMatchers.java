package io.promethium.tsdb.index;

import io.promethium.core.labels.MatchType;
import io.promethium.core.labels.Matcher;
import io.promethium.tsdb.fileio.CorruptFileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns label matchers into postings the way Prometheus's {@code tsdb.PostingsForMatchers} does, without
 * visiting series: matchers whose label must be set intersect; {@code !=}/{@code !~} and matchers that
 * accept the empty string subtract (so {@code {a=""}} selects series lacking {@code a}); when nothing
 * intersects, the base is all postings. Value lookups go through the in-memory postings offset table:
 * {@code =} is one lookup, {@code =~"a|b"} with literal alternatives ({@link Matcher#setMatches()}) is one
 * lookup per alternative, a regex with a literal prefix ({@link Matcher#prefix()}) scans only the values in
 * that prefix's range, anything else filters the values of that one label name. Stateless.
 */
final class PostingsForMatchers {
  private PostingsForMatchers() {}

  static Postings select(IndexReader ix, Matcher... ms) throws CorruptFileException {
    Set<String> mustBeSet = new HashSet<>();
    for (Matcher m : ms) {
      if (!m.matchesEmpty()) {
        mustBeSet.add(m.name());
      }
    }
    List<Matcher> intersecting = new ArrayList<>();
    List<Matcher> subtracting = new ArrayList<>();
    for (Matcher m : ms) {
      if (isSubtracting(m, mustBeSet)) {
        subtracting.add(m);
      } else {
        intersecting.add(m);
      }
    }
    List<Postings> its = new ArrayList<>();
    List<Postings> notIts = new ArrayList<>();
    if (intersecting.isEmpty()) {
      its.add(ix.allPostings());
    }
    List<Matcher> ordered = new ArrayList<>(intersecting);
    ordered.addAll(subtracting);
    for (Matcher m : ordered) {
      if (m.name().isEmpty() && m.value().isEmpty()) {
        its.add(ix.allPostings());
      } else if (mustBeSet.contains(m.name())) {
        boolean matchesEmpty = m.matchesEmpty();
        boolean isNot = m.type() == MatchType.NOT_EQUAL || m.type() == MatchType.NOT_REGEX;
        if (isNot && matchesEmpty) { // l!="foo": subtract l="foo"
          notIts.add(postingsForValues(ix, m, true));
        } else if (isNot) { // l!="": values where the inner matcher fails
          Postings p = postingsForValues(ix, m, false);
          if (p == Postings.EMPTY) {
            return Postings.EMPTY;
          }
          its.add(p);
        } else { // l="a", l=~"a.*"
          Postings p = postingsForValues(ix, m, false);
          if (p == Postings.EMPTY) {
            return Postings.EMPTY;
          }
          its.add(p);
        }
      } else { // matches "" (l="", l=~"a?"): drop series whose value of l fails the matcher
        notIts.add(postingsForValues(ix, m, true));
      }
    }
    Postings it = Postings.intersect(its);
    for (Postings n : notIts) {
      it = Postings.without(it, n);
    }
    return it;
  }

  private static boolean isSubtracting(Matcher m, Set<String> mustBeSet) {
    if (!mustBeSet.contains(m.name())) {
      return true;
    }
    return (m.type() == MatchType.NOT_EQUAL || m.type() == MatchType.NOT_REGEX) && m.matchesEmpty();
  }

  /**
   * Union of the postings of values of {@code m}'s label for which {@code m} matches ({@code
   * failing=false}) or does not match ({@code failing=true}).
   */
  private static Postings postingsForValues(IndexReader ix, Matcher m, boolean failing)
      throws CorruptFileException {
    IndexReader.LabelValues lv = ix.values(m.name());
    if (lv == null) {
      return Postings.EMPTY;
    }
    // The positive form we are looking for: values where (m.matches(v) != failing).
    boolean wantEqual =
        (m.type() == MatchType.EQUAL && !failing) || (m.type() == MatchType.NOT_EQUAL && failing);
    if (wantEqual) {
      return ix.postings(m.name(), m.value());
    }
    boolean wantRegex =
        (m.type() == MatchType.REGEX && !failing) || (m.type() == MatchType.NOT_REGEX && failing);
    List<Postings> parts = new ArrayList<>();
    if (wantRegex) {
      List<String> set = m.setMatches();
      if (set != null) {
        for (String v : set) {
          Postings p = ix.postings(m.name(), v);
          if (p != Postings.EMPTY) {
            parts.add(p);
          }
        }
        return Postings.merge(parts);
      }
      String prefix = m.prefix();
      if (!prefix.isEmpty()) {
        int k = Math.max(lv.sampleAtOrBefore(prefix), 0);
        IndexReader.ValueCursor c = ix.cursor(lv, k);
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        while (c.nextComparing(p)) {
          if (c.comparison() < 0) {
            continue; // before the prefix range
          }
          String v = c.value();
          if (!v.startsWith(prefix)) {
            break; // past the prefix range: values are sorted
          }
          if (m.matches(v) != failing) {
            parts.add(ix.postingsAt(c.postingsOffset()));
          }
        }
        return Postings.merge(parts);
      }
    }
    IndexReader.ValueCursor c = ix.cursor(lv, 0);
    while (c.next()) {
      if (m.matches(c.value()) != failing) {
        parts.add(ix.postingsAt(c.postingsOffset()));
      }
    }
    return Postings.merge(parts);
  }
}
