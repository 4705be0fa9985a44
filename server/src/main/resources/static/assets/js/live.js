// Live station events from the server (Server-Sent Events). EventSource reconnects by itself. Each
// time the stream opens, the first time too, the view reloads what it may have missed: it loaded
// before the stream started, and events in between reach no one. If the server refuses the stream
// (the session ended) the page goes back to the log-in.
import { api } from './api.js';

const TYPES = ['station.connected', 'station.disconnected', 'station.booted', 'connector.status',
  'transaction.started', 'transaction.stopped', 'meter.sampled', 'command.answered', 'ocpp.frame'];

function showState(state) {
  const el = document.getElementById('live');
  if (!el) return;
  el.className = `live state-${state}`;
  el.textContent = { live: 'Live', connecting: 'Connecting…', lost: 'Disconnected, retrying', off: 'Not live' }[state];
  el.hidden = state === 'off'; // pages without live updates say nothing
}

/**
 * Subscribes to station events (of one station if stationId is given; OCPP frames only with
 * frames=true), or to the given event types instead (e.g. ['site.updated']).
 * Returns a function that closes the stream.
 */
export function subscribe({ stationId, frames = false, types = TYPES } = {}, onEvent, onResync) {
  const params = new URLSearchParams();
  if (stationId) params.set('stationId', stationId);
  if (frames) params.set('frames', 'true');
  let source;
  let retry;

  const open = () => {
    showState('connecting');
    source = new EventSource(`/api/v1/events/stream?${params}`);
    source.onopen = () => {
      showState('live');
      if (onResync) onResync();
    };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return showState('connecting');
      // refused rather than dropped: find out whether the session is gone, then try again
      showState('lost');
      api.get('/actuator/info').catch(() => {});
      retry = setTimeout(open, 5000);
    };
    for (const type of types) source.addEventListener(type, e => onEvent(JSON.parse(e.data)));
  };
  open();
  return () => {
    clearTimeout(retry);
    source.close();
    showState('off');
  };
}
