package io.promethium.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void literalsAndNesting() {
    Object v = JsonReader.parse(" {\"a\": [true, false, null, -1.5e3, {}], \"b\": \"x\\ny\\u0041\\/\"} ");
    assertEquals(Map.of("a", Arrays.asList(true, false, null, new JsonNumber("-1.5e3"), Map.of()), "b", "x\nyA/"), v);
    assertEquals(List.of(), JsonReader.parse("[]"));
    assertEquals(List.of("k"), List.copyOf(((Map<?, ?>) JsonReader.parse("{\"k\":1}")).keySet()));
  }

  @Test
  void numbersKeepTheirText() {
    assertTrue(new JsonNumber("-1602244800000").isLong());
    assertEquals(-1602244800000L, new JsonNumber("-1602244800000").longValue());
    assertFalse(new JsonNumber("1.0").isLong());
    assertFalse(new JsonNumber("1e3").isLong());
    assertFalse(new JsonNumber("99999999999999999999").isLong());
    assertThrows(ArithmeticException.class, () -> new JsonNumber("0.5").longValue());
    assertEquals(0.1, ((JsonNumber) JsonReader.parse("0.1")).doubleValue());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\" 1}|invalid character '1' after object key|1|6|5",
        "[1,2|unexpected end of JSON input|1|5|4",
        "[1] x|unexpected 'x' after top-level value|1|5|4",
        "{|unexpected end of JSON input|1|2|1",
        "[\"é\", x]|invalid character 'x' looking for beginning of value|1|7|7",
        "[01]|invalid character '1' after array element|1|3|2",
        "[+1]|invalid character '+' looking for beginning of value|1|2|1",
        "[\"\\q\"]|invalid escape character 'q' in string|1|4|3",
        "[1.]|invalid character ']' after decimal point in numeric literal|1|4|3",
        "[nul]|invalid character 'n' looking for beginning of value|1|2|1",
      })
  void malformedJsonNamesLineColumnAndByteOffset(String json, String reason, int line, int col, long offset) {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse(json));
    assertEquals(reason, e.reason());
    assertEquals(line, e.line());
    assertEquals(col, e.column());
    assertEquals(offset, e.byteOffset());
    assertEquals("json: " + reason + " at line " + line + ", column " + col + " (byte offset " + offset + ")",
        e.getMessage());
  }

  @Test
  void lineAndColumnCountNewlines() {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse("[\n{\"targets\": [\"a\"]"));
    assertEquals(2, e.line());
    assertEquals(18, e.column());
    assertEquals("unexpected end of JSON input", e.reason());
  }

  @Test
  void controlCharactersInStringsAreRejected() {
    JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonReader.parse("\"a\tb\""));
    assertEquals("invalid control character in string", e.reason());
    assertEquals(2, e.byteOffset());
  }
}
