package io.promethium.tsdb.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One {@code String} per distinct label name or value read from records, looked up by its UTF-8 bytes in
 * the record: a repeated string (most of a replay's, e.g. {@code __name__}, {@code job} and their values)
 * costs a hash and a byte comparison, not a new {@code String} and its array. A WAL replay of 1M series
 * decoded 270 MB of such garbage, a quarter of its allocation. Keeps a copy of each distinct string's
 * bytes, so it lives only as long as the replay. Not thread-safe.
 */
public final class Utf8Interner {
  private int[] hashes = new int[1 << 10];
  private byte[][] keys = new byte[1 << 10][];
  private String[] values = new String[1 << 10];
  private int size;

  /** The string of UTF-8 {@code buf[off, off+len)}, the same instance for the same bytes. */
  public String intern(byte[] buf, int off, int len) {
    int h = 1;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + buf[i];
    }
    if (h == 0) {
      h = 1; // 0 marks an empty slot
    }
    int mask = hashes.length - 1;
    int i = mix(h) & mask;
    for (int c = hashes[i]; c != 0; c = hashes[i]) {
      if (c == h && Arrays.equals(keys[i], 0, keys[i].length, buf, off, off + len)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    String s = new String(buf, off, len, StandardCharsets.UTF_8);
    hashes[i] = h;
    keys[i] = Arrays.copyOfRange(buf, off, off + len);
    values[i] = s;
    if (++size * 2 > hashes.length) {
      grow();
    }
    return s;
  }

  /** Number of distinct strings seen. */
  public int size() {
    return size;
  }

  private static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }

  private void grow() {
    int[] oh = hashes;
    byte[][] ok = keys;
    String[] ov = values;
    int n = oh.length * 2;
    hashes = new int[n];
    keys = new byte[n][];
    values = new String[n];
    int mask = n - 1;
    for (int j = 0; j < oh.length; j++) {
      if (oh[j] != 0) {
        int i = mix(oh[j]) & mask;
        while (hashes[i] != 0) {
          i = (i + 1) & mask;
        }
        hashes[i] = oh[j];
        keys[i] = ok[j];
        values[i] = ov[j];
      }
    }
  }
}
