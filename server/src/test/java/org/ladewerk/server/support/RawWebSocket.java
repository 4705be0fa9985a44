package org.ladewerk.server.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An OCPP-J station as bare bytes on a socket, for what a WebSocket client library would not let a
 * test do: split a character across frames, send invalid UTF-8, never answer a ping.
 */
public final class RawWebSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String handshake;

    private RawWebSocket(Socket socket, String handshake) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.handshake = handshake;
    }

    /** Connects as {@code stationId} with OCPP 1.6; {@link #handshake()} holds the server's answer. */
    public static RawWebSocket connect(int port, String stationId) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /ocpp/" + stationId + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: ocpp1.6\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        var headers = new ByteArrayOutputStream();
        var in = socket.getInputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            headers.write(b);
        }
        return new RawWebSocket(socket, headers.toString(StandardCharsets.US_ASCII));
    }

    /** The server's answer to the upgrade request: status line and headers. */
    public String handshake() {
        return handshake;
    }

    /** A masked client frame (mask zero: the payload goes as is), payload below 126 bytes. */
    public void writeFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        out.write(0x80 | payload.length);
        out.write(new byte[4]);
        out.write(payload);
        out.flush();
    }

    /** The payload of the next server frame of the given opcode (pings and others skipped). */
    public byte[] readFrame(int opcode) throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7F;
            long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0F) == opcode) return payload;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
