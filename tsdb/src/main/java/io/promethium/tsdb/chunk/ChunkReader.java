package io.promethium.tsdb.chunk;

import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads chunks from a block's memory-mapped {@code chunks/} segment files by {@link ChunkRef}. Opening
 * checks each segment's header; reading a chunk checks that it lies inside its file and (for {@link
 * #bytes}) its CRC.
 *
 * <p>Thread-safe for concurrent reads. {@link #close()} unmaps: the owner (a block) must make sure no read
 * is in flight.
 */
public final class ChunkReader implements AutoCloseable {
  private final List<MappedFile> segments;
  private final long size;

  private ChunkReader(List<MappedFile> segments) {
    this.segments = segments;
    long s = 0;
    for (MappedFile f : segments) {
      s += f.size();
    }
    this.size = s;
  }

  /** Maps every segment file in {@code dir} (names of digits, in numeric order). */
  public static ChunkReader open(Path dir) throws IOException, CorruptFileException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().matches("\\d+")) {
          files.add(p);
        }
      }
    }
    files.sort((a, b) -> Long.compare(
        Long.parseLong(a.getFileName().toString()), Long.parseLong(b.getFileName().toString())));
    List<MappedFile> mapped = new ArrayList<>(files.size());
    try {
      for (Path p : files) {
        MappedFile f = MappedFile.open(p);
        mapped.add(f);
        ByteBuffer b = f.buffer();
        if (f.size() < ChunkSegment.HEADER_SIZE) {
          throw new CorruptFileException(p, 0, "chunk segment of " + f.size() + " bytes has no header");
        }
        if (b.getInt(0) != ChunkSegment.MAGIC) {
          throw new CorruptFileException(
              p, 0, String.format("invalid chunk segment magic %08x", b.getInt(0)));
        }
        int version = b.get(ChunkSegment.MAGIC_SIZE) & 0xFF;
        if (version != ChunkSegment.VERSION) {
          throw new CorruptFileException(p, ChunkSegment.MAGIC_SIZE, "unknown chunk segment version " + version);
        }
      }
    } catch (IOException | CorruptFileException | RuntimeException e) {
      for (MappedFile f : mapped) {
        f.close();
      }
      throw e;
    }
    return new ChunkReader(mapped);
  }

  /** Total bytes of all segment files. */
  public long size() {
    return size;
  }

  public int segmentCount() {
    return segments.size();
  }

  /**
   * Locates a chunk and fills {@code into} with where its data lies; no copy, no allocation.
   *
   * @throws CorruptFileException if the reference points outside the files or the entry is cut short
   */
  public ChunkLocation locate(long ref, ChunkLocation into) throws CorruptFileException {
    int seg = ChunkRef.segment(ref);
    int off = ChunkRef.offset(ref);
    if (seg < 0 || seg >= segments.size()) {
      throw new CorruptFileException(
          segments.isEmpty() ? Path.of("chunks") : segments.get(0).path().getParent(),
          -1,
          "chunk ref " + Long.toHexString(ref) + " names segment " + seg + " of " + segments.size());
    }
    MappedFile f = segments.get(seg);
    ByteBuffer b = f.buffer();
    int limit = f.size();
    if (off < ChunkSegment.HEADER_SIZE || off >= limit) {
      throw new CorruptFileException(f.path(), off, "chunk offset outside segment of " + limit + " bytes");
    }
    long len = 0;
    int p = off;
    for (int shift = 0; ; shift += 7) {
      if (p >= limit || shift > 28) {
        throw new CorruptFileException(f.path(), off, "bad chunk length");
      }
      int x = b.get(p++);
      len |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        break;
      }
    }
    if (p + 1 + len + ChunkSegment.CRC_SIZE > limit) {
      throw new CorruptFileException(
          f.path(), off, "chunk of " + len + " bytes runs past end of segment (" + limit + " bytes)");
    }
    into.buffer = b;
    into.file = f.path();
    into.entryOffset = off;
    into.encoding = b.get(p) & 0xFF;
    into.dataOffset = p + 1;
    into.dataLength = (int) len;
    return into;
  }

  /** Positions {@code reuse} (or a new iterator) on an XOR chunk. */
  public XorIterator iterator(long ref, XorIterator reuse) throws CorruptFileException {
    ChunkLocation loc = locate(ref, new ChunkLocation());
    if (loc.encoding != ChunkEncoding.XOR_CODE) {
      throw new CorruptFileException(loc.file, loc.entryOffset, "unsupported chunk encoding " + loc.encoding);
    }
    XorIterator it = reuse != null ? reuse : new XorIterator();
    return it.reset(loc.buffer, loc.dataOffset, loc.dataLength);
  }

  /** Positions {@code it} on the XOR chunk {@code loc} was filled with by {@link #locate}. */
  public XorIterator iterator(ChunkLocation loc, XorIterator it) {
    return it.reset(loc.buffer, loc.dataOffset, loc.dataLength);
  }

  /** A copy of the chunk's data (without length, encoding and CRC), after checking its CRC. */
  public byte[] bytes(long ref, ChunkLocation loc) throws CorruptFileException {
    locate(ref, loc);
    byte[] out = new byte[loc.dataLength];
    loc.buffer.get(loc.dataOffset, out, 0, out.length);
    CRC32C crc = new CRC32C();
    crc.update(loc.encoding);
    crc.update(out, 0, out.length);
    int stored = loc.buffer.getInt(loc.dataOffset + loc.dataLength);
    if ((int) crc.getValue() != stored) {
      throw new CorruptFileException(
          loc.file,
          loc.entryOffset,
          String.format("chunk checksum mismatch: stored %08x, computed %08x", stored, (int) crc.getValue()));
    }
    return out;
  }

  @Override
  public void close() {
    for (MappedFile f : segments) {
      f.close();
    }
  }

  /** Where a chunk lies in a mapped segment; filled by {@link #locate}. Mutable, not thread-safe. */
  public static final class ChunkLocation {
    ByteBuffer buffer;
    Path file;
    int entryOffset;
    int encoding;
    int dataOffset;
    int dataLength;

    public int encoding() {
      return encoding;
    }

    public int dataLength() {
      return dataLength;
    }

    public Path file() {
      return file;
    }
  }
}
