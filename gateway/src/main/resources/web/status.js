// Sluice status page: shows the gateway's own figures, pushed once a second as `event: status`.
// Relative URL, so it works under a proxy's path prefix.
'use strict';

const WINDOW = 60; // samples kept for the chart, one per second
const samples = [];

const el = id => document.getElementById(id);

function show(id, value, digits) {
  const node = el(id);
  if (value === null || value === undefined) {
    node.textContent = '–';
    node.dataset.value = '';
    return;
  }
  node.dataset.value = String(value);
  node.textContent = value.toLocaleString('en', { maximumFractionDigits: digits || 0 });
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

function draw() {
  const chart = el('chart');
  const width = 600;
  const height = 180;
  const top = 14;
  const peak = Math.max(1, ...samples.map(s => Math.max(s.streamsPerSecond, s.eventsPerSecond)));
  const x = i => width - (samples.length - 1 - i) * (width / (WINDOW - 1));
  const y = v => height - 2 - (v / peak) * (height - top - 4);
  const line = key => samples.map((s, i) => x(i).toFixed(1) + ',' + y(s[key]).toFixed(1)).join(' ');
  chart.replaceChildren(
    svg('line', { class: 'grid', x1: 0, x2: width, y1: y(peak), y2: y(peak) }),
    svg('line', { class: 'grid', x1: 0, x2: width, y1: y(peak / 2), y2: y(peak / 2) }),
    Object.assign(svg('text', { x: 4, y: y(peak) - 3 }), { textContent: peak.toLocaleString('en') + '/s' }),
    svg('polyline', { class: 'streams', points: line('streamsPerSecond') }),
    svg('polyline', { class: 'events', points: line('eventsPerSecond') }),
  );
  chart.dataset.points = String(samples.length);
}

function onStatus(event) {
  const status = JSON.parse(event.data);
  show('open-streams', status.openStreams);
  show('streams-per-second', status.streamsPerSecond, 1);
  show('events-per-second', status.eventsPerSecond, 1);
  show('ttfe-p99', status.ttfeP99Ms, 2);
  show('streams-started', status.streamsStarted);
  show('events-sent', status.eventsSent);
  samples.push(status);
  if (samples.length > WINDOW) samples.shift();
  draw();
}

document.addEventListener('DOMContentLoaded', () => {
  const connection = el('connection');
  const source = new EventSource('api/status/stream');
  source.addEventListener('status', onStatus);
  source.addEventListener('open', () => {
    connection.dataset.state = 'open';
    connection.textContent = 'live';
  });
  // EventSource reconnects by itself after an error; the label says so meanwhile.
  source.addEventListener('error', () => {
    connection.dataset.state = 'closed';
    connection.textContent = 'reconnecting…';
  });
});
