package org.ladewerk.server.datatransfer;

import static org.ladewerk.server.store.Sql.ts;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.ladewerk.server.LadewerkProperties;
import org.ladewerk.server.store.GroupCommitter;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.stereotype.Service;

/** Vendor-specific DataTransfer messages, both directions, kept for the operator. */
@Service
public class DataTransferService {

    public record Answer(String status, String data) {}

    private final GroupCommitter store;
    private final LadewerkProperties.DataTransfer config;

    public DataTransferService(GroupCommitter store, LadewerkProperties properties) {
        this.store = store;
        this.config = properties.dataTransfer();
    }

    /** A station's DataTransfer: stored, answered with the configured status (UnknownVendorId for vendors not listed). */
    public CompletableFuture<Answer> received(String stationId, String vendorId, String messageId, String data) {
        String status = config.vendors().isEmpty() || config.vendors().contains(vendorId) ? config.status() : "UnknownVendorId";
        return store.submit(tx -> {
            record(tx, stationId, "in", vendorId, messageId, data, status, null);
            return new Answer(status, null);
        });
    }

    public void record(Tx tx, String stationId, String direction, String vendorId, String messageId, String data,
                       String status, String responseData) {
        tx.insertLater("""
                INSERT INTO data_transfer (station_id, direction, vendor_id, message_id, data, status, response_data, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", stationId, direction, vendorId, messageId, data, status, responseData, ts(Instant.now()));
    }
}
