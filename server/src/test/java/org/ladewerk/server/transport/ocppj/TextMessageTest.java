package org.ladewerk.server.transport.ocppj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;

class TextMessageTest {

    private static Frame frame(byte opcode, boolean fin, byte[] payload) {
        return new Frame(opcode, fin, ByteBuffer.wrap(payload));
    }

    @Test
    void singleFramesAsciiAndNot() {
        var text = new TextMessage(1000);
        assertThat(text.append(frame(OpCode.TEXT, true, "[2,\"a\",\"Heartbeat\",{}]".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("[2,\"a\",\"Heartbeat\",{}]");
        assertThat(text.append(frame(OpCode.TEXT, true, "Zählerstand ✓ 𝄞".getBytes(StandardCharsets.UTF_8)))).isEqualTo("Zählerstand ✓ 𝄞");
        assertThat(text.append(frame(OpCode.TEXT, true, new byte[0]))).isEmpty();
    }

    @Test
    void fragmentsAreJoinedEvenInsideACharacter() {
        var text = new TextMessage(1000);
        byte[] all = "a𝄞b".getBytes(StandardCharsets.UTF_8); // the clef is four bytes
        assertThat(text.append(frame(OpCode.TEXT, false, Arrays.copyOfRange(all, 0, 2)))).isNull();
        assertThat(text.append(frame(OpCode.CONTINUATION, false, Arrays.copyOfRange(all, 2, 4)))).isNull();
        assertThat(text.append(frame(OpCode.CONTINUATION, true, Arrays.copyOfRange(all, 4, all.length)))).isEqualTo("a𝄞b");
        assertThat(text.append(frame(OpCode.TEXT, true, "next".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("next");
    }

    @Test
    void invalidUtf8AndOversizedMessagesFailAndTheNextMessageStartsClean() {
        var text = new TextMessage(10);
        assertThatThrownBy(() -> text.append(frame(OpCode.TEXT, true, new byte[] {'a', (byte) 0xC3, 'b'})))
                .isInstanceOf(BadPayloadException.class);
        assertThat(text.append(frame(OpCode.TEXT, false, "12345".getBytes(StandardCharsets.US_ASCII)))).isNull();
        assertThatThrownBy(() -> text.append(frame(OpCode.CONTINUATION, false, "678901".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(MessageTooLargeException.class);
        assertThat(text.append(frame(OpCode.TEXT, true, "ok".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("ok");
    }
}
