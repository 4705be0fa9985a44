package org.ladewerk.server.messagelog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.ladewerk.server.event.StationEvent;
import org.ladewerk.server.messagelog.MessageLog.LoggedFrame;

/**
 * Where the message log keeps its frames: the {@code message_log_block} table (shared by every node on one
 * PostgreSQL) or compressed daily segment files in the data directory (H2's default: the log then
 * costs the embedded database nothing). {@link MessageLog} batches and chooses; a store only stores.
 */
interface FrameStore {

    /** Stores one batch, in order; called from the message log's writer thread only. */
    void append(List<StationEvent.Frame> batch) throws Exception;

    /** The newest frames of a station, newest first, with ids below {@code beforeId} when given. */
    List<LoggedFrame> recent(String stationId, int limit, Long beforeId);

    /** Forgets frames older than {@code cutoff}; returns how many rows or segment files went. */
    int purgeBefore(Instant cutoff);

    /** Forgets every frame logged so far of these stations (they were removed). */
    void forget(Collection<String> stationIds);
}
