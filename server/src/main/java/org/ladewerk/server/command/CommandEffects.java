package org.ladewerk.server.command;

import org.ladewerk.ocpp.OcppVersion;
import org.ladewerk.server.store.GroupCommitter.Tx;
import tools.jackson.databind.node.ObjectNode;

/** Records in the domain what an answered central-system-initiated call changed, for one OCPP version. */
public interface CommandEffects {

    OcppVersion version();

    void record(Tx tx, String stationId, String action, ObjectNode request, ObjectNode response);

    /** Why the central system must not send this request (it would contradict what it knows), or null. */
    default String precondition(String stationId, String action, ObjectNode request) {
        return null;
    }
}
