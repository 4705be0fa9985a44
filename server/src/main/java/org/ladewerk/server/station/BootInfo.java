package org.ladewerk.server.station;

/** What a station tells about itself when it boots. */
public record BootInfo(String vendor, String model, String serialNumber, String chargeBoxSerial, String firmwareVersion,
                       String iccid, String imsi, String meterType, String meterSerialNumber) {}
