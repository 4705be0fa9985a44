package org.ladewerk.server.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decoding of URL path segments as RFC 3986 says: {@code %XX} octets, read as UTF-8, and nothing
 * else. Form decoding ({@code URLDecoder}) would turn {@code +} into a space, so {@code /ocpp/CP+PLUS}
 * would become the station "CP PLUS"; in a path {@code +} is itself.
 */
public final class UriPath {
    private UriPath() {}

    /** The decoded segment; IllegalArgumentException for a broken escape or bytes that are not UTF-8. */
    public static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            char c = raw.charAt(i);
            if (c != '%') {
                int end = i + 1;
                while (end < raw.length() && raw.charAt(end) != '%') end++;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
                continue;
            }
            if (i + 3 > raw.length())
                throw new IllegalArgumentException("incomplete %-escape in path segment '" + raw + "'");
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) throw new IllegalArgumentException("invalid %-escape in path segment '" + raw + "'");
            bytes.write(hi << 4 | lo);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment '" + raw + "' is not UTF-8 once decoded");
        }
    }
}
