package io.promethium.tsdb.block;

/** Names of the files and directories inside a block, in one place. Constants only. */
public final class BlockFiles {
  public static final String INDEX = "index";
  public static final String CHUNKS_DIR = "chunks";
  public static final String META = MetaFile.FILE_NAME;
  public static final String TOMBSTONES = io.promethium.tsdb.tombstone.Tombstones.FILE_NAME;
  /** Suffix of a block directory being written; such directories are garbage after a crash. */
  public static final String TMP_FOR_CREATION_SUFFIX = ".tmp-for-creation";
  /** Suffix of a block directory being deleted. */
  public static final String TMP_FOR_DELETION_SUFFIX = ".tmp-for-deletion";

  private BlockFiles() {}
}
