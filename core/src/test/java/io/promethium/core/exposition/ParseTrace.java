package io.promethium.core.exposition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a parser to the end and renders every entry as one line of text, for table tests. */
final class ParseTrace {
  private ParseTrace() {}

  static List<String> trace(ExpositionParser p) throws ExpositionParseException {
    List<String> out = new ArrayList<>();
    while (true) {
      ExpositionParser.Entry e = p.next();
      switch (e) {
        case EOF -> {
          return out;
        }
        case SERIES -> {
          StringBuilder sb = new StringBuilder();
          sb.append(new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8))
              .append(" => ").append(p.labels(null)).append(' ').append(p.value());
          if (p.hasTimestamp()) {
            sb.append(" @").append(p.timestamp());
          }
          if (p.exemplar() != null) {
            var x = p.exemplar();
            sb.append(" # ").append(x.labels()).append(' ').append(x.value());
            if (x.hasTimestamp()) {
              sb.append(" @").append(x.timestampMillis());
            }
          }
          out.add(sb.toString());
        }
        case HELP -> out.add("HELP " + p.metadataName() + " " + p.help());
        case TYPE -> out.add("TYPE " + p.metadataName() + " " + p.type());
        case UNIT -> out.add("UNIT " + p.metadataName() + " " + p.unit());
        case COMMENT -> out.add("COMMENT");
      }
    }
  }

  /** The error message of parsing the input to the end, or "" when it parses. */
  static String error(ExpositionParser p) {
    try {
      trace(p);
      return "";
    } catch (ExpositionParseException e) {
      return e.getMessage();
    }
  }
}
