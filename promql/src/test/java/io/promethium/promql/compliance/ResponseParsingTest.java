package io.promethium.promql.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promethium.core.json.JsonNumber;
import io.promethium.core.json.JsonReader;
import io.promethium.core.labels.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JsonReader} and {@link ReferencePrometheus#parseResponse} on Prometheus's response shapes. */
class ResponseParsingTest {
  @Test
  void matrixWithSpecialValuesAndMillisecondTimestamps() {
    String body = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"up","job":"a\\"b"},"values":[[1698796801.9,"1"],[1698796811.9,"+Inf"],
           [1698796821,"NaN"],[1698796831.001,"-Inf"],[1698796841.9,"1.5e-7"]]},
          {"metric":{},"values":[[1,"-0.25"]]}]}}
        """;
    RangeResult r = ReferencePrometheus.parseResponse(body);
    assertEquals(2, r.series().size());
    RangeResult.Series a = r.series().get(0);
    assertEquals(Labels.of("__name__", "up", "job", "a\"b"), a.labels());
    assertArrayEquals(new long[] {1698796801900L, 1698796811900L, 1698796821000L, 1698796831001L, 1698796841900L},
        a.t());
    assertEquals(1.0, a.v()[0]);
    assertEquals(Double.POSITIVE_INFINITY, a.v()[1]);
    assertTrue(Double.isNaN(a.v()[2]));
    assertEquals(Double.NEGATIVE_INFINITY, a.v()[3]);
    assertEquals(1.5e-7, a.v()[4]);
    assertEquals(Labels.EMPTY, r.series().get(1).labels());
    assertEquals(1000L, r.series().get(1).t()[0]);
  }

  @Test
  void errorResponseIsAFailedResult() {
    RangeResult r = ReferencePrometheus.parseResponse(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error: unexpected \\u0022)\\u0022\"}");
    assertTrue(r.failed());
    assertEquals("bad_data: parse error: unexpected \")\"", r.error());
  }

  @Test
  void jsonLiteralsAndNesting() {
    Object v = JsonReader.parse(" {\"a\": [true, false, null, -1.5e3, {}], \"b\": \"x\\ny\"} ");
    assertEquals(Map.of("a", java.util.Arrays.asList(true, false, null, new JsonNumber("-1.5e3"), Map.of()),
        "b", "x\ny"), v);
    assertEquals(List.of(), JsonReader.parse("[]"));
  }

  @Test
  void malformedJsonNamesTheOffset() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\" 1}"));
    assertEquals("json: invalid character '1' after object key at line 1, column 6 (byte offset 5)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1,2"));
    assertEquals("json: unexpected end of JSON input at line 1, column 5 (byte offset 4)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[1] x"));
    assertEquals("json: unexpected 'x' after top-level value at line 1, column 5 (byte offset 4)", e.getMessage());
  }
}
