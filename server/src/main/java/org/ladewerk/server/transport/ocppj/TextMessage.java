package org.ladewerk.server.transport.ocppj;

import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins a text message's frames into one string, checking UTF-8 (1007 when invalid) and the size
 * limit (1009 when exceeded). Jetty's own StringMessageSink starts every message with a builder of
 * the whole input buffer (4 KB), whatever the message's length; this one starts with the first
 * frame's payload, which is all of a station's usual single-frame message. One per connection,
 * used by its single reading thread.
 */
final class TextMessage {

    private final long maxSize;
    private Utf8StringBuilder text;
    private long size;

    TextMessage(long maxSize) {
        this.maxSize = maxSize;
    }

    /** The whole message once its last frame came, else null. */
    String append(Frame frame) {
        size += frame.getPayloadLength();
        if (maxSize > 0 && size > maxSize) {
            reset();
            throw new MessageTooLargeException(String.format("Text message too large: %,d > %,d", size, maxSize));
        }
        if (text == null) text = new Utf8StringBuilder(frame.getPayloadLength());
        text.append(frame.getPayload());
        if (!frame.isFin()) return null;
        try {
            return text.takeCompleteString(BadPayloadException.InvalidUtf8::new);
        } finally {
            reset();
        }
    }

    private void reset() {
        text = null;
        size = 0;
    }
}
