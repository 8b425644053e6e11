package io.promethium.http.api;

import io.promethium.core.labels.Matcher;
import io.promethium.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parses {@code match[]} values into matcher sets, as api.go's {@code parseMatchersParam}: each value is a
 * series selector, and each set needs one matcher that does not match the empty string. Thread-safe.
 */
final class MatcherSets {
  private final Function<String, List<Matcher>> selectorParser;

  MatcherSets(Function<String, List<Matcher>> selectorParser) {
    this.selectorParser = selectorParser;
  }

  /** One selector; the parser's message on failure, as a bad_data error (or {@code invalid parameter}). */
  List<Matcher> parseOne(String selector, String paramForError) {
    try {
      return selectorParser.apply(selector);
    } catch (RuntimeException e) {
      String msg = e.getMessage();
      throw paramForError == null ? ApiError.badData(msg) : ApiParams.invalidParam(paramForError, msg);
    }
  }

  /**
   * Parses every value.
   *
   * @param paramForError when non-null, errors read {@code invalid parameter "<param>": …}
   */
  List<List<Matcher>> parse(List<String> values, String paramForError) {
    List<List<Matcher>> sets = parseUnchecked(values, paramForError);
    for (List<Matcher> set : sets) {
      boolean nonEmpty = false;
      for (Matcher m : set) {
        if (!m.matchesEmpty()) {
          nonEmpty = true;
          break;
        }
      }
      if (!nonEmpty) {
        String msg = "match[] must contain at least one non-empty matcher";
        throw paramForError == null ? ApiError.badData(msg) : ApiParams.invalidParam(paramForError, msg);
      }
    }
    return sets;
  }

  /**
   * Parses every value without the non-empty check: {@code /federate} takes {@code {a=""}} (every series
   * without label {@code a}), as Prometheus's {@code ParseMetricSelectors} does.
   */
  List<List<Matcher>> parseUnchecked(List<String> values, String paramForError) {
    List<List<Matcher>> sets = new ArrayList<>(values.size());
    for (String v : values) {
      sets.add(parseOne(v, paramForError));
    }
    return sets;
  }
}
