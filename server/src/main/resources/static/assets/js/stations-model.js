// Station state kept up to date from live events, shared by the list and the station page.

/** Applies one live event to a station as the API returned it; returns false if the event says nothing about it. */
export function applyEvent(station, event) {
  if (event.at && (!station.lastSeenAt || event.at > station.lastSeenAt)) station.lastSeenAt = event.at;
  switch (event.type) {
    case 'station.connected':
      station.connected = true;
      station.connectedAt = event.at;
      station.ocppVersion = event.protocol ?? station.ocppVersion;
      return liveState(station);
    case 'station.disconnected':
      station.connected = false;
      station.disconnectedAt = event.at;
      return liveState(station);
    case 'station.booted':
      Object.assign(station, {
        registrationStatus: event.registrationStatus, bootStatus: event.registrationStatus, vendor: event.vendor, model: event.model,
        firmwareVersion: event.firmwareVersion, lastBootAt: event.at,
      });
      return liveState(station);
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

const MISSING = {
  NotBooted: 'BootNotification: connected, but no valid BootNotification was ever received',
  BootPending: 'registration: the last BootNotification was answered Pending',
  BootRejected: 'registration: the last BootNotification was answered Rejected',
};

/** Online only when connected and booted as Accepted, as the API computes it. */
function liveState(station) {
  const b = station.bootStatus;
  station.state = !station.connected ? 'Offline' : b == null ? 'NotBooted' : b === 'Accepted' ? 'Online' : `Boot${b}`;
  station.online = station.state === 'Online';
  station.missing = MISSING[station.state] ?? null;
  return true;
}

const STATE_LABELS = { Online: 'Online', Offline: 'Offline', NotBooted: 'Not booted', BootPending: 'Boot pending', BootRejected: 'Boot rejected' };

/** The badge text of a station's state. */
export function stateLabel(station) {
  return STATE_LABELS[station.state] ?? (station.online ? 'Online' : 'Offline');
}
