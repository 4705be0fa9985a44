package org.ladewerk.server.station;

/** Whether a station may operate; answered to its BootNotification. */
public enum RegistrationStatus { Accepted, Pending, Rejected }
