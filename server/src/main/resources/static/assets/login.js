import { csrfToken } from './js/api.js';

// The form posts the CSRF token that the server set as a cookie with this page.
const form = document.querySelector('form');
form.addEventListener('submit', () => { form.elements._csrf.value = csrfToken(); });
// The dashboard page asked for (#/stations/CP-1) survives the log-in: a redirect keeps the fragment.
form.action = `/login${location.hash}`;

const messages = {
  error: 'Wrong user or password.',
  logout: 'You have logged out.',
  expired: 'Your session has ended. Please log in again.',
  locked: 'Too many failed log-ins. Please wait a moment and try again.',
};
const params = new URLSearchParams(location.search);
const key = Object.keys(messages).find(k => params.has(k));
if (key) {
  const message = document.getElementById('login-message');
  message.textContent = messages[key];
  message.classList.toggle('error', key === 'error' || key === 'locked');
  message.hidden = false;
}
