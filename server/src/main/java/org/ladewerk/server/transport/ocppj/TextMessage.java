package org.ladewerk.server.transport.ocppj;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins a text message's frames into one string, checking UTF-8 (1007 when invalid) and the size
 * limit (1009 when exceeded). Jetty's StringMessageSink starts every message with a builder of the
 * whole input buffer (4 KB) and decodes byte by byte; here the bytes are gathered as they come (a
 * station's usual message is one frame) and decoded once, ASCII (nearly every OCPP frame) on the
 * JDK's fast path, anything else by a strict decoder. One per connection, used by its reading thread
 * (public for the benchmark's echo endpoint, which joins text the same way).
 */
public final class TextMessage {

    private static final byte[] EMPTY = {};

    private final long maxSize;
    private byte[] bytes = EMPTY;
    private int size;

    public TextMessage(long maxSize) {
        this.maxSize = maxSize;
    }

    /**
     * Takes a text or continuation frame and completes its callback: a failure (1007, 1009) goes to
     * the callback; else the whole message goes to {@code whole} once its last frame came, and until
     * then {@code demand} asks for the next frame.
     */
    public void accept(Frame frame, Callback callback, Consumer<String> whole, Runnable demand) {
        String message;
        try {
            message = append(frame);
        } catch (Throwable t) {
            callback.failed(t);
            return;
        }
        callback.succeeded();
        if (message != null) whole.accept(message);
        else demand.run();
    }

    /** The whole message once its last frame came, else null. */
    String append(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        int length = payload == null ? 0 : payload.remaining();
        if (maxSize > 0 && (long) size + length > maxSize) {
            long total = (long) size + length;
            reset();
            throw new MessageTooLargeException(String.format("Text message too large: %,d > %,d", total, maxSize));
        }
        if (size == 0 && frame.isFin()) {
            byte[] whole = new byte[length];
            if (length > 0) payload.slice().get(whole);
            return decode(whole, length);
        }
        if (size + length > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(size + length, 2 * bytes.length));
        if (length > 0) payload.slice().get(bytes, size, length);
        size += length;
        if (!frame.isFin()) return null;
        try {
            return decode(bytes, size);
        } finally {
            reset();
        }
    }

    private void reset() {
        bytes = EMPTY;
        size = 0;
    }

    private static String decode(byte[] b, int length) {
        if (ascii(b, length)) return new String(b, 0, length, StandardCharsets.US_ASCII);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException("Invalid UTF-8 in text message");
        }
    }

    private static boolean ascii(byte[] b, int length) {
        int bits = 0;
        for (int i = 0; i < length; i++) bits |= b[i];
        return bits >= 0;
    }
}
