package dev.stockroom.http;

import dev.stockroom.error.WebapiException;
import dev.stockroom.webapi.Body;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A request body, read in pieces of at most {@link #PIECE} bytes. Before a piece is read its bytes
 * are checked against the route's limit and taken from the {@link RequestMemory}, so a body is
 * refused as soon as it passes either, not after it was held whole; a body whose length is declared
 * is refused before any of it is read. The memory is given back on {@link #close()}.
 */
final class RequestBody implements Body, AutoCloseable {
  private static final int PIECE = 64 * 1024;

  private final RequestMemory memory;
  private final List<byte[]> pieces = new ArrayList<>();
  private int lastPieceLength;
  private long length;
  private long held;

  private RequestBody(RequestMemory memory) {
    this.memory = memory;
  }

  /**
   * Reads a body of {@code declaredLength} bytes, or of unknown length when it is negative. Refuses
   * it with 413 when it passes {@code limit}, with 503 when the memory for it is not free now, with
   * 408 when it stops arriving.
   */
  static RequestBody read(
      InputStream input, long declaredLength, long limit, RequestMemory memory) {
    var body = new RequestBody(memory);
    try {
      if (declaredLength > limit) {
        throw tooLarge(limit);
      }
      if (declaredLength >= 0) {
        body.take(declaredLength);
      }
      body.readFrom(input, declaredLength, limit);
      return body;
    } catch (RuntimeException refused) {
      body.close();
      throw refused;
    }
  }

  private void readFrom(InputStream input, long declaredLength, long limit) {
    try {
      while (declaredLength < 0 || length < declaredLength) {
        int size = (int) (declaredLength < 0 ? PIECE : Math.min(PIECE, declaredLength - length));
        if (declaredLength < 0) {
          if (length + 1 > limit) {
            // One byte more than allowed would be one too many: see whether it comes.
            if (input.read() < 0) {
              return;
            }
            throw tooLarge(limit);
          }
          size = (int) Math.min(size, limit - length);
          take(size);
        }
        byte[] piece = new byte[size];
        int filled = input.readNBytes(piece, 0, size);
        if (filled > 0) {
          pieces.add(piece);
          lastPieceLength = filled;
          length += filled;
        }
        if (filled < size) {
          if (declaredLength >= 0) {
            throw WebapiException.badRequest("The request body ended before its Content-Length.");
          }
          return;
        }
      }
    } catch (IOException unread) {
      if (unread.getCause() instanceof TimeoutException) {
        throw new WebapiException(408, "The request body stopped arriving before it was complete.");
      }
      throw WebapiException.badRequest("The request body could not be read.");
    }
  }

  private void take(long bytes) {
    if (!memory.take(bytes, held)) {
      throw held + bytes > memory.bulkCeiling()
          ? tooLarge(memory.bulkCeiling())
          : new WebapiException(
              503, "Too many large request bodies are being read at once. Try again later.");
    }
    held += bytes;
  }

  private static WebapiException tooLarge(long limit) {
    return new WebapiException(
        413, "The request body is larger than the " + limit + " bytes allowed.");
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream stream() {
    var streams = new ArrayList<InputStream>(pieces.size());
    for (int index = 0; index < pieces.size(); index++) {
      int pieceLength = index == pieces.size() - 1 ? lastPieceLength : pieces.get(index).length;
      streams.add(new ByteArrayInputStream(pieces.get(index), 0, pieceLength));
    }
    return new SequenceInputStream(Collections.enumeration(streams));
  }

  /** The body as one array, for the small bodies that need it whole (a signed form). */
  @Override
  public byte[] bytes() {
    try (InputStream all = stream()) {
      return all.readAllBytes();
    } catch (IOException notPossible) {
      throw new IllegalStateException(notPossible);
    }
  }

  /** Gives the body's memory back; its pieces are garbage once the request is answered. */
  @Override
  public void close() {
    memory.give(held);
    held = 0;
    pieces.clear();
  }
}
