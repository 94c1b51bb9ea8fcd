// The overview: every node of the cluster (id, state, uptime, connections), totals, a live chart
// of connections and messages per second, and the webhook queues. Polled every two seconds.
import { h, mount, formatDuration } from './dom.js';
import { api, ApiError } from './api.js';
import uPlot from './uPlot.esm.js';

const POINTS = 150;

export function overviewPage({ main, onExpired }) {
  const nodes = h('tbody', {});
  const totals = h('div', { class: 'cards' });
  const webhooks = h('div', { class: 'cards' });
  const chartBox = h('div', { class: 'chart', id: 'chart' });
  const error = h('p', { class: 'error' });
  mount(main, h('h2', {}, 'Overview'), error,
    h('section', {}, h('h3', {}, 'Nodes'), h('table', { id: 'nodes' },
      h('thead', {}, h('tr', {}, ['Node', 'State', 'Uptime', 'Connections'].map((t) => h('th', {}, t)))), nodes)),
    h('section', {}, h('h3', {}, 'Totals'), totals),
    h('section', {}, h('h3', {}, 'Connections and messages per second'), chartBox),
    h('section', {}, h('h3', {}, 'Webhooks'), webhooks));

  const series = [[], [], []];
  const chart = new uPlot({
    width: Math.min(900, main.clientWidth || 900), height: 240,
    series: [{}, { label: 'connections', stroke: '#2563eb', scale: 'c' },
      { label: 'messages/s', stroke: '#16a34a', scale: 'm' }],
    axes: [{}, { scale: 'c', label: 'connections' }, { scale: 'm', side: 1, label: 'messages/s', grid: { show: false } }],
  }, series, chartBox);

  let last = null;
  async function poll() {
    try {
      const { nodes: all } = await api('GET', '/overview');
      error.textContent = '';
      mount(nodes, all.map((node) => h('tr', { 'data-node': node.id },
        h('td', {}, node.id, node.this_node ? ' (this node)' : ''),
        h('td', {}, h('span', { class: `state ${node.state}` }, node.state)),
        h('td', {}, formatDuration(node.uptime_seconds)), h('td', { class: 'num' }, node.connections))));
      const sum = (pick) => all.reduce((total, node) => total + pick(node), 0);
      const connections = sum((n) => n.connections);
      const sent = sum((n) => n.messages_sent);
      const received = sum((n) => n.messages_received);
      const at = Date.now();
      const rate = last ? Math.max(0, (sent + received - last.messages) * 1000 / Math.max(1, at - last.at)) : 0;
      last = { messages: sent + received, at };
      const card = (label, value, id) => h('div', { class: 'card', id }, h('div', { class: 'value' }, value), h('div', {}, label));
      mount(totals, card('nodes', all.length, 'total-nodes'), card('connections', connections, 'total-connections'),
        card('messages sent', sent), card('messages received', received), card('messages/s', rate.toFixed(1), 'rate'));
      const w = (key) => sum((n) => n.webhooks[key]);
      mount(webhooks, card('due now', w('ready')), card('waiting for a retry', w('delayed')), card('in flight', w('in_flight')),
        card('attempts', w('attempts')), card('dead letters', w('dead'), 'dead-letters'));
      series[0].push(at / 1000);
      series[1].push(connections);
      series[2].push(rate);
      series.forEach((s) => { if (s.length > POINTS) s.shift(); });
      chart.setData(series);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { stop(); onExpired(); return; }
      error.textContent = e.message;
    }
  }
  poll();
  const timer = setInterval(poll, 2000);
  const stop = () => { clearInterval(timer); chart.destroy(); };
  return stop;
}
