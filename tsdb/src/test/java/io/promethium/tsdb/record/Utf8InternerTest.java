package io.promethium.tsdb.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8InternerTest {
  private static String at(Utf8Interner in, String s, int pad) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[b.length + 2 * pad];
    System.arraycopy(b, 0, buf, pad, b.length);
    return in.intern(buf, pad, b.length);
  }

  @Test
  void sameBytesSameInstanceWhereverTheyAre() {
    Utf8Interner in = new Utf8Interner();
    String a = at(in, "job", 0);
    assertEquals("job", a);
    assertSame(a, at(in, "job", 5));
    assertEquals("é€", at(in, "é€", 3));
    assertSame(at(in, "é€", 1), at(in, "é€", 7));
    assertEquals("", at(in, "", 2));
    assertNotSame(at(in, "jo", 0), a);
    assertEquals(4, in.size());
  }

  @Test
  void keepsEveryStringThroughGrowth() {
    Utf8Interner in = new Utf8Interner();
    String[] first = new String[20_000];
    for (int i = 0; i < first.length; i++) {
      first[i] = at(in, "value-" + i, i % 3);
    }
    assertEquals(first.length, in.size());
    for (int i = 0; i < first.length; i++) {
      assertSame(first[i], at(in, "value-" + i, 1), "value-" + i);
    }
    assertEquals(first.length, in.size());
  }
}
