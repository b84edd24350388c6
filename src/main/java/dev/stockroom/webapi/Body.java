package dev.stockroom.webapi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** A request body, read: its length, and its bytes as a stream or whole. */
public interface Body {
  long length();

  InputStream stream();

  byte[] bytes();

  /** A body held in memory: a stored operation's, a test's. */
  static Body of(byte[] bytes) {
    return new Body() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream stream() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public byte[] bytes() {
        return bytes;
      }
    };
  }
}
