package io.promethium.scrape.client;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gunzips a body as its chunks arrive, straight into a {@link BodyBuffer}, stopping as soon as the
 * decompressed size reaches the body limit, so a gzip bomb costs at most {@code limit} bytes of heap and
 * no compressed copy is kept. Handles the optional header fields (RFC 1952), checks CRC-32 and size, and
 * reads concatenated members as Go's reader does. Error texts follow Go's {@code compress/gzip}.
 *
 * <p>One instance per target, reset per body; the {@link Inflater} is kept (its native state is costly to
 * create) and freed by {@link #close()}. Not thread-safe.
 */
final class GzipBodyDecoder implements AutoCloseable {
  /** Outcome of feeding a chunk. */
  enum Result {
    OK,
    LIMIT,
    ERROR
  }

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int FIXED_HEADER = 10;
  private static final int TRAILER = 8;

  private enum State {
    FIXED_HEADER,
    EXTRA_LENGTH,
    EXTRA,
    NAME,
    COMMENT,
    HEADER_CRC,
    DATA,
    TRAILER,
    MEMBER_END
  }

  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] scratch = new byte[FIXED_HEADER];
  private State state;
  private int scratchLen;
  private int flags;
  private int skip;
  private long memberSize;
  private String error;

  void reset() {
    inflater.reset();
    crc.reset();
    state = State.FIXED_HEADER;
    scratchLen = 0;
    flags = 0;
    skip = 0;
    memberSize = 0;
    error = null;
  }

  /** The error text after {@link Result#ERROR}. */
  String error() {
    return error;
  }

  /** Decodes all readable bytes of {@code in} (its reader index is left alone) into {@code out}. */
  Result feed(ByteBuf in, BodyBuffer out) {
    int pos = in.readerIndex();
    int end = in.writerIndex();
    while (pos < end) {
      switch (state) {
        case FIXED_HEADER, TRAILER, EXTRA_LENGTH, HEADER_CRC -> {
          int want = switch (state) {
            case FIXED_HEADER -> FIXED_HEADER;
            case TRAILER -> TRAILER;
            default -> 2;
          };
          int n = Math.min(want - scratchLen, end - pos);
          in.getBytes(pos, scratch, scratchLen, n);
          scratchLen += n;
          pos += n;
          if (scratchLen == want) {
            scratchLen = 0;
            Result r = fieldComplete();
            if (r != Result.OK) {
              return r;
            }
          }
        }
        case EXTRA -> {
          int n = Math.min(skip, end - pos);
          pos += n;
          skip -= n;
          if (skip == 0) {
            afterExtra();
          }
        }
        case NAME, COMMENT -> {
          int zero = in.indexOf(pos, end, (byte) 0);
          if (zero < 0) {
            pos = end;
          } else {
            pos = zero + 1;
            if (state == State.NAME) {
              afterName();
            } else {
              afterComment();
            }
          }
        }
        case MEMBER_END -> {
          // Another member follows (concatenated gzip streams).
          state = State.FIXED_HEADER;
          inflater.reset();
          crc.reset();
          memberSize = 0;
        }
        case DATA -> {
          ByteBuffer nio = in.nioBuffer(pos, end - pos);
          inflater.setInput(nio);
          Result r = inflate(out);
          if (r != Result.OK) {
            return r;
          }
          pos = end - inflater.getRemaining();
          if (inflater.finished()) {
            state = State.TRAILER;
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return Result.OK;
  }

  /** Whether the input so far ended on a member boundary; otherwise the stream was cut short. */
  Result finish() {
    if (state == State.MEMBER_END) {
      return Result.OK;
    }
    error = "unexpected EOF";
    return Result.ERROR;
  }

  private Result inflate(BodyBuffer out) {
    while (!inflater.finished() && !inflater.needsInput()) {
      int window = out.window();
      if (window == 0) {
        return Result.LIMIT;
      }
      int n;
      try {
        n = inflater.inflate(out.array(), out.length(), window);
      } catch (DataFormatException e) {
        error = "flate: corrupt input (" + e.getMessage() + ")";
        return Result.ERROR;
      }
      if (n == 0 && inflater.needsDictionary()) {
        error = "flate: corrupt input (preset dictionary)";
        return Result.ERROR;
      }
      crc.update(out.array(), out.length(), n);
      out.advance(n);
      memberSize += n;
      if (out.atLimit()) {
        return Result.LIMIT;
      }
    }
    return Result.OK;
  }

  private Result fieldComplete() {
    switch (state) {
      case FIXED_HEADER -> {
        if ((scratch[0] & 0xff) != 0x1f || (scratch[1] & 0xff) != 0x8b || scratch[2] != 8) {
          error = "gzip: invalid header";
          return Result.ERROR;
        }
        flags = scratch[3] & 0xff;
        if ((flags & FEXTRA) != 0) {
          state = State.EXTRA_LENGTH;
        } else {
          afterExtra();
        }
      }
      case EXTRA_LENGTH -> {
        skip = (scratch[0] & 0xff) | (scratch[1] & 0xff) << 8;
        if (skip == 0) {
          afterExtra();
        } else {
          state = State.EXTRA;
        }
      }
      case HEADER_CRC -> state = State.DATA;
      case TRAILER -> {
        long sum = le32(0);
        long size = le32(4);
        if (sum != crc.getValue() || size != (memberSize & 0xffffffffL)) {
          error = "gzip: invalid checksum";
          return Result.ERROR;
        }
        state = State.MEMBER_END;
      }
      default -> throw new IllegalStateException(state.name());
    }
    return Result.OK;
  }

  private long le32(int off) {
    return (scratch[off] & 0xffL) | (scratch[off + 1] & 0xffL) << 8 | (scratch[off + 2] & 0xffL) << 16
        | (scratch[off + 3] & 0xffL) << 24;
  }

  private void afterExtra() {
    if ((flags & FNAME) != 0) {
      state = State.NAME;
    } else {
      afterName();
    }
  }

  private void afterName() {
    if ((flags & FCOMMENT) != 0) {
      state = State.COMMENT;
    } else {
      afterComment();
    }
  }

  private void afterComment() {
    state = (flags & FHCRC) != 0 ? State.HEADER_CRC : State.DATA;
  }

  @Override
  public void close() {
    inflater.end();
  }
}
