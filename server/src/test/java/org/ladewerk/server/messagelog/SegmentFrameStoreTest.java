package org.ladewerk.server.messagelog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;

/** The segment files on their own: paging across blocks and days, a cut-off tail, restart, retention, removal. */
class SegmentFrameStoreTest {

    private static final Instant DAY1 = Instant.parse("2026-11-28T23:59:58Z");

    @TempDir
    Path dir;

    @Test
    void pagesANewestFirstAcrossBlocksDaysAndStationsSharingABucket() throws IOException {
        var store = new SegmentFrameStore(dir);
        // 3 batches, 40 stations (so buckets are shared), crossing midnight
        for (int batch = 0; batch < 3; batch++) {
            var frames = new ArrayList<StationEvent.Frame>();
            for (int i = 0; i < 200; i++)
                frames.add(frame("CP-" + (i % 40), DAY1.plusMillis(batch * 1000L + i), "[2,\"" + batch + "-" + i + "\",\"Heartbeat\",{}]"));
            store.append(frames);
        }
        assertThat(dir.resolve("2026-11-28")).isDirectory();
        assertThat(dir.resolve("2026-11-29")).isDirectory();

        List<LoggedFrame> all = new ArrayList<>();
        Long before = null;
        for (List<LoggedFrame> page; !(page = store.recent("CP-7", 4, before)).isEmpty(); before = page.getLast().id()) all.addAll(page);
        assertThat(all).hasSize(15).allMatch(f -> f.stationId().equals("CP-7"));
        assertThat(all.stream().map(LoggedFrame::id).toList()).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(all.getFirst().frame()).isEqualTo("[2,\"2-167\",\"Heartbeat\",{}]");
        assertThat(all.getLast().frame()).isEqualTo("[2,\"0-7\",\"Heartbeat\",{}]");
        assertThat(all.getLast().at()).isEqualTo(DAY1.plusMillis(7));
        store.close();

        var reopened = new SegmentFrameStore(dir);
        assertThat(reopened.recent("CP-7", 100, null)).containsExactlyElementsOf(all);
        assertThat(reopened.recent("CP-unknown", 10, null)).isEmpty();
        reopened.close();
    }

    @Test
    void theReusedEncoderKeepsNothingOfTheBlockBefore() throws IOException {
        var encoder = new SegmentBlock.Encoder();
        // a block larger than the encoder keeps its buffers for, then a small one, then a large one again
        for (int frames : new int[] {3_000, 2, 3_000}) {
            var in = new ArrayList<LoggedFrame>();
            for (int i = 0; i < frames; i++)
                in.add(new LoggedFrame(i + 1, "CP-" + i % 7, DAY1, i % 2 == 0, frames + ":" + i + ":" + "x".repeat(2_000 + i % 13)));
            SegmentBlock block = encoder.encode(in);
            assertThat(block.frames()).containsExactlyElementsOf(in);
            assertThat(block.bytes().remaining()).isEqualTo(SegmentBlock.HEADER + block.compressed().length + SegmentBlock.TRAILER);
        }
        encoder.end();
    }

    @Test
    void framesOfTwoDaysInOneBatchLandInTheirDaysFiles() throws IOException {
        var store = new SegmentFrameStore(dir);
        Instant today = DAY1.plusSeconds(5);
        // a station's queued frame of yesterday between frames of today, twice
        store.append(List.of(frame("CP-1", today, "a"), frame("CP-1", DAY1, "queued"), frame("CP-1", today.plusMillis(1), "b")));
        store.append(List.of(frame("CP-1", DAY1.plusMillis(1), "queued too"), frame("CP-1", today.plusMillis(2), "c")));
        assertThat(dir.resolve("2026-11-28").resolve(String.format("%02d.seg", Math.floorMod("CP-1".hashCode(), SegmentBlock.BUCKETS)))).isRegularFile();
        assertThat(store.recent("CP-1", 10, null).stream().map(LoggedFrame::frame)).containsExactly("c", "b", "a", "queued too", "queued");
        store.close();
    }

    @Test
    void aBlockCutOffByACrashIsDroppedAndAppendingGoesOn() throws IOException {
        var store = new SegmentFrameStore(dir);
        store.append(List.of(frame("CP-1", DAY1, "first")));
        store.append(List.of(frame("CP-1", DAY1.plusMillis(1), "second")));
        store.close();
        Path file;
        try (Stream<Path> files = Files.walk(dir)) {
            file = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 5); // the second block lost its end
        }
        var reopened = new SegmentFrameStore(dir);
        assertThat(reopened.recent("CP-1", 10, null)).isEmpty(); // a damaged tail hides the file until repaired
        reopened.append(List.of(frame("CP-1", DAY1.plusMillis(2), "third")));
        assertThat(reopened.recent("CP-1", 10, null)).extracting(LoggedFrame::frame).containsExactly("third", "first");
        reopened.close();
    }

    @Test
    void retentionDeletesWholeDaysAndHidesTheRestBeforeTheCutoff() throws IOException {
        var store = new SegmentFrameStore(dir);
        store.append(List.of(frame("CP-1", DAY1, "old"), frame("CP-1", DAY1.plusSeconds(3), "new"), frame("CP-1", DAY1.plusSeconds(5), "newer")));
        assertThat(store.purgeBefore(DAY1.plusSeconds(4))).isEqualTo(1);
        assertThat(dir.resolve("2026-11-28")).doesNotExist();
        assertThat(store.recent("CP-1", 10, null)).extracting(LoggedFrame::frame).containsExactly("newer");
        store.close();
    }

    @Test
    void aRemovedStationsFramesStayHiddenAfterARestart() throws IOException {
        var store = new SegmentFrameStore(dir);
        store.append(List.of(frame("CP-1", DAY1, "before"), frame("CP-2", DAY1, "other")));
        store.forget(List.of("CP-1"));
        store.close();
        var reopened = new SegmentFrameStore(dir);
        assertThat(reopened.recent("CP-1", 10, null)).isEmpty();
        assertThat(reopened.recent("CP-2", 10, null)).extracting(LoggedFrame::frame).containsExactly("other");
        reopened.close();
    }

    private static StationEvent.Frame frame(String station, Instant at, String text) {
        return new StationEvent.Frame(station, true, text, at);
    }
}
