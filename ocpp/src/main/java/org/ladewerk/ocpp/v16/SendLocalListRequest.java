package org.ladewerk.ocpp.v16;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** OCPP 1.6 SendLocalList request (central system to charge point). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendLocalListRequest(
        Integer listVersion,
        List<AuthorizationData> localAuthorizationList,
        String updateType) {
}
