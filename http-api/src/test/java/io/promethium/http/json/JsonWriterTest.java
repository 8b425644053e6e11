package io.promethium.http.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.promethium.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static String write(Consumer<JsonWriter> body) {
    ByteBuf buf = Unpooled.buffer();
    try {
      body.accept(new JsonWriter(buf));
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }

  @Test
  void escapesLikeGoEncodingJson() {
    assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\\u2028é😀\\ufffd\"",
        write(w -> w.value("a\"b\\c\n\r\t\u0001<>&\u2028é😀\ud800")));
  }

  @Test
  void nestingAndCommas() {
    assertEquals("{\"a\":[1,true,null,\"x\",[]],\"b\":{},\"c\":{\"d\":\"1\"}}", write(w -> w.beginObject()
        .name("a").beginArray().value(1).value(true).nullValue().value("x").beginArray().endArray().endArray()
        .name("b").beginObject().endObject()
        .name("c").labels(Labels.of("d", "1")).endObject()));
  }

  @Test
  void timestampsAsPrometheusWritesThem() {
    assertEquals("[1435781451.781,1435781451.100,1435781451.001,0,-1.500,1435781451.010]", write(w -> w.beginArray()
        .timestamp(1435781451781L).timestamp(1435781451100L).timestamp(1435781451001L).timestamp(0)
        .timestamp(-1500).timestamp(1435781451010L).endArray()));
  }

  @Test
  void points() {
    assertEquals("[1,\"NaN\"]", write(w -> w.point(1000, Double.NaN)));
    assertEquals("[1.500,\"-Inf\"]", write(w -> w.point(1500, Double.NEGATIVE_INFINITY)));
  }
}
