package io.github.shelllambda.runtime.lambdaapi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * AWS event-stream messages ({@code application/vnd.amazon.eventstream}), as {@code
 * InvokeWithResponseStream} answers: total length, headers length, the CRC32 of those 8 bytes,
 * the headers (name length, name, type 7 = string, value length, value), the payload, the CRC32 of
 * everything before it; integers big-endian.
 */
final class EventStream {
  private EventStream() {}

  /** One message with string headers (in this order) and the payload. */
  static byte[] message(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write(value.length >> 8);
      h.write(value.length & 0xff);
      h.writeBytes(value);
    }
    byte[] hb = h.toByteArray();
    int total = 12 + hb.length + payload.length + 4;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.putInt(total).putInt(hb.length);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, 8);
    b.putInt((int) crc.getValue());
    b.put(hb).put(payload);
    crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** An event of {@code InvokeWithResponseStreamResponseEvent}. */
  static byte[] event(String type, String contentType, byte[] payload) {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put(":event-type", type);
    h.put(":content-type", contentType);
    h.put(":message-type", "event");
    return message(h, payload);
  }
}
