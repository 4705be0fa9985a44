// Station state kept up to date from live events, shared by the list and the station page.

/** Applies one live event to a station as the API returned it; returns false if the event says nothing about it. */
export function applyEvent(station, event) {
  if (event.at && (!station.lastSeenAt || event.at > station.lastSeenAt)) station.lastSeenAt = event.at;
  switch (event.type) {
    case 'station.connected':
      station.online = true;
      station.connectedAt = event.at;
      station.ocppVersion = event.protocol ?? station.ocppVersion;
      return true;
    case 'station.disconnected':
      station.online = false;
      station.disconnectedAt = event.at;
      return true;
    case 'station.booted':
      Object.assign(station, {
        registrationStatus: event.registrationStatus, vendor: event.vendor, model: event.model,
        firmwareVersion: event.firmwareVersion, lastBootAt: event.at,
      });
      return true;
    case 'connector.status': {
      const connectors = station.connectors ?? (station.connectors = []);
      const known = connectors.find(c => c.evseId === event.evseId && c.connectorId === event.connectorId);
      const update = { evseId: event.evseId, connectorId: event.connectorId, status: event.status, errorCode: event.errorCode, statusAt: event.at };
      if (known) Object.assign(known, update);
      else connectors.push(update);
      connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
      return true;
    }
    default:
      return event.type !== 'ocpp.frame';
  }
}

/** How a connector is named: "2" in OCPP 1.x (one connector per EVSE), "2/1" (EVSE/connector) in 2.x. */
export function connectorName(c, v2) {
  if (c.evseId === 0) return 'Station';
  return v2 ? `${c.evseId}/${c.connectorId}` : String(c.evseId);
}

export const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing',
  'Reserved', 'Occupied', 'Unavailable', 'Faulted'];
