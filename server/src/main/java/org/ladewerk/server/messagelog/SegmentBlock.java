package org.ladewerk.server.messagelog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;

/**
 * One block of a segment file: the frames one batch wrote into one bucket, deflated together.
 * Layout: a header (compressed length, raw length, lowest and highest frame id, a 512-bit Bloom filter
 * of the station ids inside), the deflated records, and the compressed length once more as a trailer,
 * so a reader walks a file backwards from its end (newest first) and skips, from the header alone,
 * blocks that are too new for its page or hold none of its station's frames. A block that a crash cut
 * off fails the header/trailer check and is dropped.
 */
record SegmentBlock(long minId, long maxId, byte[] bloom, byte[] compressed, int rawLength) {

    /** Stations are spread over this many buckets; a block holds the frames of one bucket. */
    static final int BUCKETS = 64;
    static final int HEADER = 4 + 4 + 8 + 8 + 64;
    static final int TRAILER = 4;
    private static final int BLOOM_BITS = 512;

    /**
     * Encodes blocks for one writer thread, reusing its compressor and buffers: encoding each block
     * into fresh, growing buffers allocated about six times the bytes logged, a sixth of all the
     * server allocated per MeterValues under ingest (Round 27 under Benchmark in the README).
     */
    static final class Encoder {

        /** A buffer that grew beyond this for an unusually large block is let go afterwards. */
        private static final int KEEP = 4 << 20;
        private static final int INITIAL = 64 * 1024;

        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        private RawBuffer raw = new RawBuffer();
        private DataOutputStream out = new DataOutputStream(raw);
        private byte[] deflated = new byte[INITIAL];

        /** Encodes frames (ascending ids). */
        SegmentBlock encode(List<LoggedFrame> frames) throws IOException {
            raw.reset();
            byte[] bloom = new byte[BLOOM_BITS / 8];
            for (LoggedFrame f : frames) {
                out.writeLong(f.id());
                out.writeLong(micros(f.at()));
                out.writeBoolean(f.inbound());
                out.writeUTF(f.stationId());
                byte[] text = f.frame().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
                addToBloom(bloom, f.stationId());
            }
            out.flush();
            int rawLength = raw.size();
            deflater.reset();
            deflater.setInput(raw.array(), 0, rawLength);
            deflater.finish();
            int n = 0;
            while (!deflater.finished()) {
                if (n == deflated.length) deflated = Arrays.copyOf(deflated, 2 * deflated.length);
                n += deflater.deflate(deflated, n, deflated.length - n);
            }
            var block = new SegmentBlock(frames.getFirst().id(), frames.getLast().id(), bloom, Arrays.copyOf(deflated, n), rawLength);
            if (raw.array().length > KEEP) {
                raw = new RawBuffer();
                out = new DataOutputStream(raw);
            }
            if (deflated.length > KEEP) deflated = new byte[INITIAL];
            return block;
        }

        /** Frees the compressor's native memory now rather than when it is collected. */
        void end() {
            deflater.end();
        }
    }

    /** A byte array output stream whose array is read in place instead of copied. */
    private static final class RawBuffer extends ByteArrayOutputStream {
        RawBuffer() {
            super(Encoder.INITIAL);
        }

        byte[] array() {
            return buf;
        }
    }

    /** The block as written to its file: header, deflated records, trailer. */
    ByteBuffer bytes() {
        var b = ByteBuffer.allocate(HEADER + compressed.length + TRAILER);
        b.putInt(compressed.length).putInt(rawLength).putLong(minId).putLong(maxId).put(bloom).put(compressed).putInt(compressed.length);
        return b.flip();
    }

    /** A header read from a file; {@code compressed} is left empty until the block is needed. */
    static SegmentBlock header(ByteBuffer header) {
        int compressedLength = header.getInt();
        int rawLength = header.getInt();
        long min = header.getLong();
        long max = header.getLong();
        byte[] bloom = new byte[BLOOM_BITS / 8];
        header.get(bloom);
        if (compressedLength < 0 || rawLength < 0 || min > max) return null;
        return new SegmentBlock(min, max, bloom, new byte[compressedLength], rawLength);
    }

    boolean mayHold(String stationId) {
        for (int bit : bloomBits(stationId))
            if ((bloom[bit >>> 3] & (1 << (bit & 7))) == 0) return false;
        return true;
    }

    /** The frames of the block (ascending ids). */
    List<LoggedFrame> frames() throws IOException {
        byte[] raw = new byte[rawLength];
        var inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            int n = 0;
            while (n < rawLength && !inflater.finished()) {
                int got = inflater.inflate(raw, n, rawLength - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                n += got;
            }
            if (n != rawLength) throw new IOException("segment block holds " + n + " of " + rawLength + " bytes");
        } catch (DataFormatException e) {
            throw new IOException("segment block is damaged", e);
        } finally {
            inflater.end();
        }
        var in = new DataInputStream(new ByteArrayInputStream(raw));
        var frames = new ArrayList<LoggedFrame>();
        while (in.available() > 0) {
            long id = in.readLong();
            long at = in.readLong();
            boolean inbound = in.readBoolean();
            String stationId = in.readUTF();
            byte[] text = new byte[in.readInt()];
            in.readFully(text);
            frames.add(new LoggedFrame(id, stationId, instant(at), inbound, new String(text, StandardCharsets.UTF_8)));
        }
        return frames;
    }

    private static void addToBloom(byte[] bloom, String stationId) {
        for (int bit : bloomBits(stationId)) bloom[bit >>> 3] |= (byte) (1 << (bit & 7));
    }

    /** Three bits per station id (double hashing). */
    private static int[] bloomBits(String stationId) {
        int h = stationId.hashCode();
        int h2 = Integer.rotateLeft(h * 0x9E3779B9, 16) | 1;
        return new int[] {h & (BLOOM_BITS - 1), (h + h2) & (BLOOM_BITS - 1), (h + 2 * h2) & (BLOOM_BITS - 1)};
    }

    static int bucket(String stationId) {
        return Math.floorMod(stationId.hashCode(), BUCKETS);
    }

    /** The id of the next frame logged at {@code at}: its time in microseconds, or one more than the last id when frames come faster. */
    static long nextId(long lastId, Instant at) {
        return Math.max(lastId + 1, micros(at));
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
