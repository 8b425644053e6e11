package io.promethium.tsdb.index;

/**
 * Named constants of the block index file, format version 2 (see {@code docs/format/index.md}).
 *
 * <pre>
 * magic &lt;4b 0xBAAAD700&gt; version &lt;1b = 2&gt;
 * symbol table | series (16-byte aligned) | label indices | postings | label offset table
 *   | postings offset table | TOC (6 x 8b offsets + crc32c)
 * </pre>
 *
 * Constants only.
 */
public final class IndexFormat {
  public static final int MAGIC = 0xBAAAD700;
  public static final int VERSION_1 = 1;
  public static final int VERSION_2 = 2;
  public static final int MAGIC_SIZE = 4;
  public static final int HEADER_SIZE = MAGIC_SIZE + 1;
  /** Series entries start at multiples of this; a series reference is its offset divided by it. */
  public static final int SERIES_ALIGNMENT = 16;
  /** Postings lists and label indices start at multiples of this. */
  public static final int SECTION_ALIGNMENT = 4;
  public static final int CRC_SIZE = 4;
  public static final int TOC_ENTRIES = 6;
  public static final int TOC_SIZE = TOC_ENTRIES * 8 + CRC_SIZE;
  /** Name and value of the postings list that holds every series. */
  public static final String ALL_POSTINGS_NAME = "";
  public static final String ALL_POSTINGS_VALUE = "";

  private IndexFormat() {}
}
