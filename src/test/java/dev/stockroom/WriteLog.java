package dev.stockroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The acknowledged writes of concurrent clients to keys {@code KEY-0} … {@code KEY-n}, and the
 * check that the stored state is what they predict: every key holds the outcome of a write that no
 * other write of the key started after (the last one, allowing for writes whose times overlap), or
 * nothing if no write touched it.
 */
public final class WriteLog {
  /** A save of {@code value} to {@code keys}, or a delete of them ({@code value} 0). */
  public record Write(int value, List<Integer> keys, long started, long acknowledged) {}

  private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();

  /** The request body that saves {@code value} to {@code keys}, or deletes them (value 0). */
  public static String body(List<Integer> keys, int value) {
    var body = new StringBuilder("{\"sourceItems\":[");
    for (int index = 0; index < keys.size(); index++) {
      body.append(index == 0 ? "" : ",")
          .append("{\"sku\":\"KEY-")
          .append(keys.get(index))
          .append("\",\"source_code\":\"default\"");
      if (value != 0) {
        body.append(",\"quantity\":").append(value).append(",\"status\":1");
      }
      body.append('}');
    }
    return body.append("]}").toString();
  }

  public void add(Write write) {
    writes.add(write);
  }

  public int size() {
    return writes.size();
  }

  /**
   * Checks every key against the stored quantities ({@code KEY-n} → quantity, absent keys left
   * out); returns how many keys were written and verified.
   */
  public int verify(Map<Integer, Integer> stored, int keys) {
    int verified = 0;
    for (int key = 0; key < keys; key++) {
      var ofKey = new ArrayList<Write>();
      for (Write write : writes) {
        if (write.keys().contains(key)) {
          ofKey.add(write);
        }
      }
      Integer value = stored.get(key);
      if (ofKey.isEmpty()) {
        assertThat(value).as("key %d was never written", key).isNull();
        continue;
      }
      int outcome = value == null ? 0 : value;
      boolean explained =
          ofKey.stream()
              .filter(write -> write.value() == outcome)
              .anyMatch(winner ->
                  ofKey.stream().allMatch(other -> other.started() <= winner.acknowledged()));
      assertThat(explained)
          .as(
              "key %d holds %d, which is not the outcome of its last acknowledged write",
              key, outcome)
          .isTrue();
      verified++;
    }
    return verified;
  }
}
