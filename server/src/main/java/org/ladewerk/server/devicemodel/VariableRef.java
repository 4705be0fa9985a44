package org.ladewerk.server.devicemodel;

/**
 * Names one variable of an OCPP 2.x device model: component (with instance and EVSE/connector) and
 * variable (with instance). Absent instances are "" and an absent EVSE/connector is 0, so the
 * reference is a plain key in the database.
 */
public record VariableRef(String component, String componentInstance, int evseId, int connectorId,
                          String variable, String variableInstance) {

    public VariableRef {
        componentInstance = componentInstance == null ? "" : componentInstance;
        variableInstance = variableInstance == null ? "" : variableInstance;
    }
}
