package org.ladewerk.server.authorization;

/** The outcome of checking an id tag; the names are OCPP 1.6's. */
public enum AuthorizationStatus { Accepted, Blocked, Expired, Invalid, ConcurrentTx }
