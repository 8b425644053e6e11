package io.promethium.tsdb.block;

import io.promethium.tsdb.fileio.CorruptFileException;
import io.promethium.tsdb.fileio.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code meta.json} in a block directory. Stateless, thread-safe. */
public final class MetaFile {
  public static final String FILE_NAME = "meta.json";

  private MetaFile() {}

  public static BlockMeta read(Path blockDir) throws IOException, CorruptFileException {
    Path f = blockDir.resolve(FILE_NAME);
    String text = Files.readString(f, StandardCharsets.UTF_8);
    try {
      return BlockMeta.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(f, -1, e.getMessage());
    }
  }

  /** Writes via {@code meta.json.tmp}, fsync and rename. Returns bytes written. */
  public static long write(Path blockDir, BlockMeta meta, FileOps ops) throws IOException {
    byte[] b = meta.toJson().getBytes(StandardCharsets.UTF_8);
    Path tmp = blockDir.resolve(FILE_NAME + ".tmp");
    try (FileChannel ch = ops.create(tmp)) {
      ByteBuffer bb = ByteBuffer.wrap(b);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ops.sync(ch);
    }
    ops.rename(tmp, blockDir.resolve(FILE_NAME));
    return b.length;
  }
}
