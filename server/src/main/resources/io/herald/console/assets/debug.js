// The debug console of one app: its events from the server as they happen (Server-Sent
// Events), filtered by type, channel and event, paused and resumed, and an event creator.
import { h, mount, time } from './dom.js';
import { api, session, ApiError } from './api.js';
import { field } from './apps.js';

const KEEP = 500;
const GROUPS = {
  connection: ['connection', 'disconnection'],
  subscription: ['subscribed', 'unsubscribed', 'subscription_error'],
  channel: ['channel_occupied', 'channel_vacated'],
  member: ['member_added', 'member_removed'],
  api: ['api_message'],
  client: ['client_event', 'client_event_rejected'],
  webhook: ['webhook_sent', 'webhook_failed'],
};

export function debugPage({ main, onExpired }, id) {
  const path = `/apps/${encodeURIComponent(id)}`;
  const type = h('select', { id: 'filter-type' }, h('option', { value: '' }, 'all types'),
    Object.keys(GROUPS).map((group) => h('option', { value: group }, group)));
  const channel = h('input', { type: 'search', id: 'filter-channel', placeholder: 'channel contains' });
  const eventName = h('input', { type: 'search', id: 'filter-event', placeholder: 'event contains' });
  const pause = h('button', { id: 'pause', type: 'button' }, 'Pause');
  const status = h('p', { class: 'message', id: 'debug-status', role: 'status' }, 'Connecting…');
  const rows = h('tbody', { id: 'debug-events' });
  let paused = false;
  let held = [];
  const events = [];

  const matches = (event) => {
    if (event.type === 'sampled' || event.type === 'cut_off' || event.type === 'watching') return true;
    if (type.value && !GROUPS[type.value].includes(event.type)) return false;
    if (channel.value && !(event.channel || '').includes(channel.value)) return false;
    if (eventName.value && !(event.event || '').includes(eventName.value)) return false;
    return true;
  };

  function row(event) {
    const details = { ...event };
    ['type', 'at', 'node', 'channel', 'event', 'socket_id'].forEach((k) => delete details[k]);
    const text = Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('  ');
    return h('tr', { class: `event ${event.type}`, 'data-type': event.type },
      h('td', { class: 'time' }, event.at ? time(event.at) : ''), h('td', { class: 'node' }, event.node || ''),
      h('td', { class: 'type' }, event.type), h('td', { class: 'channel' }, event.channel ?? ''),
      h('td', { class: 'event-name' }, event.event ?? ''), h('td', { class: 'socket' }, event.socket_id ?? ''),
      h('td', { class: 'details' }, event.message ?? text));
  }

  function render() {
    mount(rows, events.filter(matches).slice().reverse().map(row));
  }

  function add(event) {
    if (paused) {
      held.push(event);
      if (held.length > KEEP) held.shift();
      pause.textContent = `Resume (${held.length} new)`;
      return;
    }
    events.push(event);
    if (events.length > KEEP) events.shift();
    if (matches(event)) {
      rows.prepend(row(event));
      while (rows.children.length > KEEP) rows.lastChild.remove();
    }
  }

  pause.addEventListener('click', () => {
    paused = !paused;
    if (!paused) {
      held.forEach((event) => { events.push(event); });
      events.splice(0, Math.max(0, events.length - KEEP));
      held = [];
      render();
    }
    pause.textContent = paused ? 'Resume' : 'Pause';
  });
  [type, channel, eventName].forEach((input) => input.addEventListener('input', render));

  const creator = eventCreator(path, onExpired);
  mount(main, h('h2', {}, 'Debug console of ', h('a', { href: `#${path}` }, id)),
    h('div', { class: 'toolbar' }, type, channel, eventName, pause, h('button', { type: 'button', id: 'clear',
      onclick: () => { events.length = 0; held = []; render(); } }, 'Clear')),
    status, creator,
    h('table', { id: 'debug' }, h('thead', {}, h('tr', {},
      ['Time', 'Node', 'Type', 'Channel', 'Event', 'Socket', 'Details'].map((t) => h('th', {}, t)))), rows));

  const source = new EventSource(`/console/api${path}/debug`);
  source.onopen = () => { status.className = 'message'; status.textContent = 'Watching: events appear as they happen'; };
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'cut_off') {
      source.close();
      status.className = 'message error';
      status.textContent = event.message;
    }
    if (event.type === 'watching') {
      status.textContent = `Watching app ${event.app_id}: at most ${event.max_per_second} events a second are shown`;
      return;
    }
    add(event);
  };
  source.onerror = async () => {
    status.className = 'message error';
    status.textContent = 'The stream was interrupted; reconnecting…';
    try {
      await api('GET', '/overview');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { source.close(); onExpired(); }
    }
  };
  return () => source.close();
}

function eventCreator(path, onExpired) {
  if (!session.mayChange) {
    return h('p', { class: 'hint' }, 'The event creator needs an admin token.');
  }
  const channel = h('input', { id: 'creator-channel', required: true, value: 'my-channel' });
  const event = h('input', { id: 'creator-event', required: true, value: 'my-event' });
  const data = h('textarea', { id: 'creator-data', rows: 3 }, '{"message": "hello"}');
  const message = h('p', { class: 'message', id: 'creator-message', role: 'status' });
  const say = (text, ok) => { message.className = ok ? 'message' : 'message error'; message.textContent = text; };
  return h('form', { id: 'event-creator', class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await api('POST', `${path}/events`, { channel: channel.value, event: event.value, data: data.value });
      say(`Published ${event.value} to ${channel.value}`, true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) { onExpired(); return; }
      say(error.message, false);
    }
  } }, h('h3', {}, 'Event creator'), field('Channel', channel), field('Event', event), field('Data', data),
  h('button', { type: 'submit', id: 'publish' }, 'Publish'), message);
}
