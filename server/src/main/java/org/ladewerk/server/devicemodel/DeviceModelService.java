package org.ladewerk.server.devicemodel;

import static org.ladewerk.server.store.Sql.instant;
import static org.ladewerk.server.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.ladewerk.server.store.GroupCommitter.Tx;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A station's OCPP 2.x device model (from reports, GetVariables and SetVariables) and its monitors. */
@Service
public class DeviceModelService {

    /** One attribute of a variable; the characteristics are null when unknown (e.g. from GetVariables). */
    public record Variable(VariableRef ref, String attributeType, String value, String mutability, Boolean persistent,
                           Boolean constant, String dataType, String unit, Double minLimit, Double maxLimit,
                           String valuesList, Boolean supportsMonitoring, Instant updatedAt) {}

    public record Monitor(int id, VariableRef ref, String type, double value, int severity, boolean transactionOnly,
                          Instant updatedAt) {}

    private final JdbcClient jdbc;

    public DeviceModelService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores attributes; characteristics that are null keep what was known. */
    public void save(Tx tx, String stationId, Collection<Variable> variables) {
        Instant now = Instant.now();
        for (Variable v : variables) {
            VariableRef r = v.ref();
            Object[] key = {stationId, r.component(), r.componentInstance(), r.evseId(), r.connectorId(), r.variable(),
                    r.variableInstance(), v.attributeType()};
            int updated = tx.jdbc().sql("""
                    UPDATE device_variable SET attribute_value = COALESCE(?, attribute_value), mutability = COALESCE(?, mutability),
                      persistent = COALESCE(?, persistent), is_constant = COALESCE(?, is_constant), data_type = COALESCE(?, data_type),
                      unit = COALESCE(?, unit), min_limit = COALESCE(?, min_limit), max_limit = COALESCE(?, max_limit),
                      values_list = COALESCE(?, values_list), supports_monitoring = COALESCE(?, supports_monitoring), updated_at = ?
                    WHERE station_id = ? AND component = ? AND component_instance = ? AND evse_id = ? AND connector_id = ?
                      AND variable = ? AND variable_instance = ? AND attribute_type = ?""")
                    .params(concat(new Object[] {v.value(), v.mutability(), v.persistent(), v.constant(), v.dataType(), v.unit(),
                            v.minLimit(), v.maxLimit(), v.valuesList(), v.supportsMonitoring(), ts(now)}, key))
                    .update();
            if (updated == 0) {
                tx.jdbc().sql("""
                        INSERT INTO device_variable (station_id, component, component_instance, evse_id, connector_id, variable,
                          variable_instance, attribute_type, attribute_value, mutability, persistent, is_constant, data_type, unit,
                          min_limit, max_limit, values_list, supports_monitoring, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(concat(key, new Object[] {v.value(), v.mutability(), v.persistent(), v.constant(), v.dataType(),
                                v.unit(), v.minLimit(), v.maxLimit(), v.valuesList(), v.supportsMonitoring(), ts(now)}))
                        .update();
            }
        }
    }

    public List<Variable> variables(String stationId) {
        return jdbc.sql("""
                SELECT * FROM device_variable WHERE station_id = ?
                ORDER BY component, component_instance, evse_id, connector_id, variable, variable_instance, attribute_type""")
                .param(stationId).query(DeviceModelService::variable).list();
    }

    /** Installs or replaces monitors (SetVariableMonitoring accepted, NotifyMonitoringReport). */
    public void saveMonitors(Tx tx, String stationId, Collection<Monitor> monitors) {
        Instant now = Instant.now();
        for (Monitor m : monitors) {
            VariableRef r = m.ref();
            tx.jdbc().sql("DELETE FROM variable_monitor WHERE station_id = ? AND monitor_id = ?").params(stationId, m.id()).update();
            tx.jdbc().sql("""
                    INSERT INTO variable_monitor (station_id, monitor_id, component, component_instance, evse_id, connector_id, variable,
                      variable_instance, monitor_type, monitor_value, severity, transaction_only, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(stationId, m.id(), r.component(), r.componentInstance(), r.evseId(), r.connectorId(), r.variable(),
                            r.variableInstance(), m.type(), m.value(), m.severity(), m.transactionOnly(), ts(now))
                    .update();
        }
    }

    public void clearMonitor(Tx tx, String stationId, int monitorId) {
        tx.jdbc().sql("DELETE FROM variable_monitor WHERE station_id = ? AND monitor_id = ?").params(stationId, monitorId).update();
    }

    public List<Monitor> monitors(String stationId) {
        return jdbc.sql("SELECT * FROM variable_monitor WHERE station_id = ? ORDER BY monitor_id").param(stationId)
                .query((rs, n) -> new Monitor(rs.getInt("monitor_id"), ref(rs), rs.getString("monitor_type"),
                        rs.getDouble("monitor_value"), rs.getInt("severity"), rs.getBoolean("transaction_only"), instant(rs, "updated_at")))
                .list();
    }

    private static Variable variable(ResultSet rs, int n) throws SQLException {
        return new Variable(ref(rs), rs.getString("attribute_type"), rs.getString("attribute_value"), rs.getString("mutability"),
                (Boolean) rs.getObject("persistent"), (Boolean) rs.getObject("is_constant"), rs.getString("data_type"),
                rs.getString("unit"), rs.getObject("min_limit", Double.class), rs.getObject("max_limit", Double.class),
                rs.getString("values_list"), (Boolean) rs.getObject("supports_monitoring"), instant(rs, "updated_at"));
    }

    private static VariableRef ref(ResultSet rs) throws SQLException {
        return new VariableRef(rs.getString("component"), rs.getString("component_instance"), rs.getInt("evse_id"),
                rs.getInt("connector_id"), rs.getString("variable"), rs.getString("variable_instance"));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
