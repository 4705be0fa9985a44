package org.ladewerk.ocpp.rpc;

/** One OCPP-J RPC message: {@code [messageTypeId, uniqueId, ...]}. */
public sealed interface Frame permits Call, CallResult, CallError, Send, CallResultError {

    String uniqueId();
}
