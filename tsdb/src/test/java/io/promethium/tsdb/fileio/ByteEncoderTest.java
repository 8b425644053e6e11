package io.promethium.tsdb.fileio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The encodings shared by block files and WAL records (the WAL's EncodeBuffer was merged into this class). */
class ByteEncoderTest {
  private static String hex(ByteEncoder e) {
    return HexFormat.of().formatHex(e.toByteArray());
  }

  @Test
  void fixedWidthIsBigEndian() {
    ByteEncoder e = new ByteEncoder(1);
    e.putBe32(0x01020304).putBe64(0x1122334455667788L).putBe64(-1L);
    assertEquals("01020304" + "1122334455667788" + "ffffffffffffffff", hex(e));
    e.setBe32(0, 0xA0B0C0D0);
    assertEquals("a0b0c0d0", hex(e).substring(0, 8));
  }

  @Test
  void varintsAreGos() {
    ByteEncoder e = new ByteEncoder();
    e.putUvarint(0).putUvarint(127).putUvarint(128).putUvarint(300).putVarint(-1).putVarint(1).putVarint(-65);
    assertEquals("00" + "7f" + "8001" + "ac02" + "01" + "02" + "8101", hex(e));
    assertEquals(10, ByteEncoder.uvarintSize(-1L));
    e.reset().putUvarint(-1L);
    assertEquals("ffffffffffffffffff01", hex(e));
  }

  @Test
  void stringsAreLengthPrefixedUtf8() {
    ByteEncoder e = new ByteEncoder(16);
    e.putUvarintString("ab").putUvarintString("é€").putUvarintString("");
    assertEquals("026162" + "05c3a9e282ac" + "00", hex(e));
    String longAscii = "x".repeat(200);
    e.reset().putUvarintString(longAscii);
    assertEquals(202, e.length());
    assertEquals("c801", hex(e).substring(0, 4));
  }
}
