// The console's entry: the login form, the header, and one page per location hash
// (#/overview, #/apps, #/apps/ID, #/apps/ID/debug). Each page returns a function that stops its
// timers and streams when another page opens.
import { h, mount } from './dom.js';
import { session, login, logout, resume, ApiError } from './api.js';
import { overviewPage } from './overview.js';
import { appsPage } from './apps.js';
import { appPage } from './app.js';
import { debugPage } from './debug.js';

const root = document.getElementById('app');
let stopPage = () => {};

function loginPage(message) {
  const token = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true,
    placeholder: 'admin or read token' });
  const error = h('p', { class: 'error', id: 'login-error', role: 'alert' }, message || '');
  const form = h('form', { id: 'login', class: 'login', onsubmit: async (event) => {
    event.preventDefault();
    try {
      await login(token.value);
      location.hash = '#/overview';
      route();
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 401 ? 'Unknown token' : e.message;
    }
  } },
  h('h1', {}, 'Herald console'),
  h('label', { for: 'token' }, 'Token'), token,
  h('button', { type: 'submit' }, 'Log in'), error,
  h('p', { class: 'hint' }, 'A token of admin.admin-tokens or admin.read-tokens in the configuration.'));
  mount(root, form);
  token.focus();
}

function header(active) {
  const link = (hash, label, name) => h('a', { href: hash, class: active === name ? 'active' : '' }, label);
  return h('header', {},
    h('span', { class: 'brand' }, 'Herald'),
    h('nav', {}, link('#/overview', 'Overview', 'overview'), link('#/apps', 'Apps', 'apps')),
    h('span', { class: 'who', id: 'who' }, session.name, ' ',
      h('span', { class: session.mayChange ? 'badge admin' : 'badge read' }, session.mayChange ? 'admin' : 'read-only')),
    h('button', { id: 'logout', class: 'link', onclick: async () => {
      stopPage();
      await logout().catch(() => {});
      location.hash = '';
      loginPage('Logged out');
    } }, 'Log out'));
}

async function route() {
  stopPage();
  stopPage = () => {};
  if (!session.csrf) {
    try {
      await resume();
    } catch (e) {
      loginPage();
      return;
    }
  }
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const main = h('main', {});
  let name = parts[0] || 'overview';
  mount(root, header(name === 'apps' ? 'apps' : name), main);
  const onExpired = () => { session.csrf = null; loginPage('The session ended: log in again'); };
  const context = { main, onExpired };
  if (name === 'apps' && parts[1] && parts[2] === 'debug') {
    stopPage = debugPage(context, parts[1]);
  } else if (name === 'apps' && parts[1]) {
    stopPage = appPage(context, parts[1]);
  } else if (name === 'apps') {
    stopPage = appsPage(context);
  } else {
    stopPage = overviewPage(context);
  }
}

window.addEventListener('hashchange', route);
route();
