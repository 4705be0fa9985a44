package org.ladewerk.server.live.app;

import java.util.Optional;
import org.ladewerk.server.transaction.Transaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The transaction running on an EVSE, as the app's stop and ownership checks need it. */
@Component
public class OpenTransactions {

    /** {@code stationTransactionId}: the id the station knows (the 2.x station's own, our id in 1.6); {@code idTag} who started it. */
    public record Open(long id, String stationTransactionId, String idTag) {}

    private final JdbcClient jdbc;

    public OpenTransactions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Open> at(String stationId, int evseId) {
        return jdbc.sql("""
                SELECT id, station_tx_id, id_tag FROM charging_transaction
                WHERE station_id = ? AND evse_id = ? AND stop_at IS NULL ORDER BY start_at DESC, id DESC LIMIT 1""")
                .params(stationId, evseId).query((rs, n) -> new Open(rs.getLong(1), Transaction.stationTransactionId(rs.getLong(1), rs.getString(2)),
                        rs.getString(3))).optional();
    }

    /** Who started the transaction; null when unknown or started without a tag. */
    public String tagOf(long transactionId) {
        return jdbc.sql("SELECT id_tag FROM charging_transaction WHERE id = ?").param(transactionId).query(String.class).optional().orElse(null);
    }
}
