package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.ladewerk.server.transaction.MeterSample;
import org.ladewerk.server.transaction.MeterValueCodec;

/**
 * Moves the stored sampled values (one row each in meter_sample) into meter_value (one row per
 * MeterValue element), encoded by the same codec the server writes with, then drops meter_sample.
 * In Java because H2 and PostgreSQL have no common way to build the encoded text in SQL.
 */
public class V8__convert_meter_samples extends BaseJavaMigration {

    private static final int BATCH = 1000;

    private record Key(String stationId, int evseId, Long transactionId, OffsetDateTime at) {}

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement read = c.createStatement();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO meter_value (station_id, evse_id, transaction_id, sampled_at, register_wh, power_w, samples)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            read.setFetchSize(BATCH);
            Key key = null;
            List<MeterSample> element = new ArrayList<>();
            int pending = 0;
            try (ResultSet rs = read.executeQuery("""
                    SELECT station_id, evse_id, transaction_id, sampled_at, measurand, phase, unit, context, location, signed,
                      value_text, signed_data FROM meter_sample ORDER BY station_id, evse_id, transaction_id, sampled_at, id""")) {
                while (rs.next()) {
                    long txValue = rs.getLong("transaction_id");
                    Long tx = rs.wasNull() ? null : txValue;
                    var at = rs.getObject("sampled_at", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC);
                    var next = new Key(rs.getString("station_id"), rs.getInt("evse_id"), tx, at);
                    if (!next.equals(key) && key != null) pending = add(insert, key, element, pending);
                    key = next;
                    element.add(new MeterSample(at.toInstant(), rs.getString("value_text"), rs.getString("measurand"),
                            rs.getString("phase"), rs.getString("unit"), rs.getString("context"), rs.getString("location"),
                            rs.getBoolean("signed"), rs.getString("signed_data")));
                }
            }
            if (key != null) add(insert, key, element, pending);
            insert.executeBatch();
        }
        try (Statement drop = c.createStatement()) {
            drop.execute("DROP TABLE meter_sample");
        }
    }

    private static int add(PreparedStatement insert, Key key, List<MeterSample> element, int pending) throws Exception {
        insert.setString(1, key.stationId());
        insert.setInt(2, key.evseId());
        insert.setObject(3, key.transactionId(), Types.BIGINT);
        insert.setObject(4, key.at());
        insert.setObject(5, MeterValueCodec.registerWh(element), Types.DOUBLE);
        insert.setObject(6, MeterValueCodec.powerW(element), Types.DOUBLE);
        insert.setString(7, MeterValueCodec.encode(element));
        insert.addBatch();
        element.clear();
        if (++pending < BATCH) return pending;
        insert.executeBatch();
        return 0;
    }
}
