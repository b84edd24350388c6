package dev.stockroom.webapi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A result written in a format of its own rather than as JSON (a CSV export), streamed as it is
 * produced.
 */
public interface StreamedBody {
  /** The Content-Type it is written as, e.g. {@code text/csv; charset=utf-8}. */
  String contentType();

  void writeTo(OutputStream output) throws IOException;
}
