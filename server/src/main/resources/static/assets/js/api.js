// The REST API with the log-in session. State-changing calls carry the CSRF token that the server
// keeps in the XSRF-TOKEN cookie; an ended session sends the browser back to the log-in page.

export class ApiError extends Error {
  constructor(status, body) {
    super(describe(status, body));
    this.status = status;
    this.body = body;
  }
}

function describe(status, body) {
  if (body && typeof body === 'object') return body.message || body.errorDescription || body.errorCode || `HTTP ${status}`;
  return body ? String(body) : `HTTP ${status}`;
}

export function csrfToken() {
  const cookie = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : '';
}

/** Query string of the given values, leaving out empty ones. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export function loginAgain() {
  location.assign('/login?expired');
}

async function request(method, path, body, paged = false) {
  // marks the UI's own calls: their 401 carries no Basic challenge, so the browser shows no password dialog
  const headers = { Accept: 'application/json', 'X-Requested-With': 'fetch' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    loginAgain();
    throw new ApiError(401, 'Your session has ended.');
  }
  const text = await response.text();
  let data = text;
  try { data = text ? JSON.parse(text) : null; } catch { /* a non-JSON body stays text */ }
  if (!response.ok) throw new ApiError(response.status, data);
  // a paged list says in X-Total-Count how many match over all pages
  if (paged) return { items: data, total: Number(response.headers.get('X-Total-Count') ?? data.length) };
  return data;
}

export const api = {
  get: path => request('GET', path),
  /** A page of a paged list: { items, total }. */
  page: path => request('GET', path, undefined, true),
  post: (path, body) => request('POST', path, body),
  put: (path, body) => request('PUT', path, body),
  del: path => request('DELETE', path),
};

/** Path segment for an id chosen by a station or operator. */
export const seg = encodeURIComponent;
