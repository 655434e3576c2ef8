// Sluice demo page: runs one chat stream and shows each stage as it arrives.
// Plain script, no build step. Every URL is relative so the page works under a proxy's path prefix.
'use strict';

const STREAM_URL = 'api/chat/stream';

const el = id => document.getElementById(id);
let current = null; // the running stream: { stop(), drop() }

/**
 * Incremental parser for text/event-stream (WHATWG HTML, "Server-sent events"): feed it text
 * in whatever pieces the network delivers; it calls onEvent({type, data, id}) per complete event.
 */
function sseParser(onEvent) {
  let buffer = '';
  let data = [];
  let type = '';
  let id = '';
  let skipLeadingLf = false;

  function line(text) {
    if (text === '') {
      if (data.length) {
        onEvent({ type: type || 'message', data: data.join('\n'), id });
      }
      data = [];
      type = '';
      return;
    }
    if (text.startsWith(':')) {
      return; // comment, e.g. the heartbeat ": ping"
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  }

  return function feed(chunk) {
    buffer += chunk;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c === '\n' && skipLeadingLf && i === start) {
        start = i + 1; // the LF of a CRLF split across two chunks
        skipLeadingLf = false;
        continue;
      }
      skipLeadingLf = false;
      if (c === '\r' || c === '\n') {
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i++;
          } else {
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
  };
}

// Ids name the stream and the position (`<streamId>:<seq>`), so reconnecting with the last one seen
// picks the same stream up where it was (SPEC section 8): no new job, nothing twice, nothing skipped.
function streamWithEventSource(message, handlers, lastEventId) {
  let url = STREAM_URL + '?message=' + encodeURIComponent(message);
  if (lastEventId) {
    // A new EventSource cannot set Last-Event-ID itself; the gateway takes it as a query parameter too.
    url += '&lastEventId=' + encodeURIComponent(lastEventId);
  }
  const source = new EventSource(url);
  const seen = e => { if (e.lastEventId) handlers.id(e.lastEventId); };
  source.addEventListener('stage', e => { seen(e); handlers.stage(JSON.parse(e.data)); });
  source.addEventListener('complete', e => {
    source.close(); // otherwise EventSource reconnects when the stream ends
    seen(e);
    handlers.complete(JSON.parse(e.data));
  });
  source.addEventListener('error', e => {
    source.close();
    // A server `event: error` carries data; a failed connection is a plain Event without it.
    handlers.error(e.data ? JSON.parse(e.data) : { message: 'connection failed or closed' });
  });
  return () => source.close();
}

function streamWithFetch(message, handlers, lastEventId) {
  const abort = new AbortController();
  let finished = false;
  const feed = sseParser(event => {
    if (finished) return;
    if (event.id) handlers.id(event.id);
    const body = JSON.parse(event.data);
    if (event.type === 'stage') handlers.stage(body);
    else if (event.type === 'complete') { finished = true; handlers.complete(body); }
    else if (event.type === 'error') { finished = true; handlers.error(body); }
  });

  (async () => {
    // A resume is a GET with the Last-Event-ID header, as EventSource's own reconnect would send.
    const response = await fetch(lastEventId ? STREAM_URL + '?message=' + encodeURIComponent(message) : STREAM_URL,
      lastEventId ? {
        headers: { accept: 'text/event-stream', 'last-event-id': lastEventId },
        signal: abort.signal,
        cache: 'no-store',
      } : {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ message }),
        signal: abort.signal,
        cache: 'no-store',
      });
    if (!response.ok) {
      const text = await response.text();
      let problem;
      try { problem = JSON.parse(text); } catch (_) { problem = { message: text }; }
      throw Object.assign(new Error(problem.message || response.statusText), { status: response.status });
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      feed(value);
    }
    if (!finished) {
      throw new Error('stream ended before complete');
    }
  })().catch(e => {
    if (!finished && e.name !== 'AbortError') {
      finished = true;
      handlers.error({ message: e.message });
    }
  });
  return () => abort.abort();
}

function setProgress(value) {
  const bar = el('progress');
  bar.value = value;
  bar.setAttribute('aria-valuenow', String(value));
  el('progress-label').textContent = value + '%';
}

function setState(state, text) {
  const p = el('state');
  p.dataset.state = state;
  p.textContent = text;
}

function reset() {
  setProgress(0);
  el('stages').replaceChildren();
  el('complete').hidden = true;
  el('complete-stages').replaceChildren();
  const resumed = el('resumed');
  resumed.hidden = true;
  resumed.dataset.resumes = '0';
  resumed.textContent = '';
}

function send(event) {
  event.preventDefault();
  if (current) current.stop();
  reset();

  const message = el('message').value;
  const mode = el('mode-fetch').checked ? 'fetch' : 'eventsource';
  const sentAt = performance.now();
  const since = () => Math.round(performance.now() - sentAt);
  const stagesSeen = [];
  let lastId = '';
  let resumes = 0;
  el('send').disabled = true;
  el('drop').disabled = false;
  setState('streaming', 'Streaming via ' + mode + '…');

  const done = () => { el('send').disabled = false; el('drop').disabled = true; current = null; };
  const handlers = {
    id(id) { lastId = id; },
    stage(stage) {
      const arrived = since();
      stagesSeen.push(stage.stageId);
      const row = el('stage-row').content.firstElementChild.cloneNode(true);
      row.dataset.stageId = stage.stageId;
      row.dataset.seq = String(stage.seq);
      row.dataset.arrivedMs = String(arrived);
      row.dataset.progress = String(stage.progress);
      row.querySelector('.stage-label').textContent = stage.label;
      row.querySelector('.stage-id').textContent = stage.stageId;
      row.querySelector('.stage-progress').textContent = stage.progress + '%';
      row.querySelector('.stage-time').textContent = '+' + arrived + ' ms';
      el('stages').append(row);
      setProgress(stage.progress);
    },
    complete(summary) {
      setProgress(summary.progress);
      el('complete-stream-id').textContent = summary.streamId;
      el('complete-elapsed').textContent = String(summary.elapsedMs);
      el('complete-mode').textContent = mode;
      const section = el('complete');
      section.dataset.elapsedMs = String(summary.elapsedMs);
      section.dataset.mode = mode;
      section.dataset.arrivedMs = String(since());
      const total = Object.values(summary.stageMs).reduce((a, b) => a + b, 0) || 1;
      for (const [stageId, ms] of Object.entries(summary.stageMs)) {
        const tr = document.createElement('tr');
        tr.dataset.stageId = stageId;
        tr.dataset.ms = String(ms);
        const share = Math.round((100 * ms) / total);
        for (const text of [stageId, String(ms)]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        const bar = document.createElement('td');
        bar.className = 'share';
        bar.style.setProperty('--share', share + '%');
        bar.textContent = share + '%';
        tr.append(bar);
        el('complete-stages').append(tr);
      }
      section.hidden = false;
      setState('done', 'Done: ' + stagesSeen.length + ' stages in ' + summary.elapsedMs + ' ms.');
      done();
    },
    error(problem) {
      setState('error', 'Stream failed: ' + (problem.message || problem.code || 'unknown error'));
      done();
    },
  };
  const open = from => (mode === 'fetch' ? streamWithFetch : streamWithEventSource)(message, handlers, from);
  const run = {
    close: open(''),
    stop() { run.close(); },
    // Drop the connection as a network would, then reconnect with the last id seen.
    drop() {
      if (!lastId) return;
      run.close();
      resumes++;
      const marker = document.createElement('li');
      marker.className = 'resume';
      marker.dataset.resumeFrom = lastId;
      marker.textContent = '↻ connection dropped; reconnected with Last-Event-ID ' + lastId;
      el('stages').append(marker);
      const resumed = el('resumed');
      resumed.dataset.resumes = String(resumes);
      resumed.dataset.lastEventId = lastId;
      resumed.textContent = 'Resumed ' + resumes + '× (last: ' + lastId + '): the same stream went on, no stage twice.';
      resumed.hidden = false;
      run.close = open(lastId);
    },
  };
  current = run;
}

document.addEventListener('DOMContentLoaded', () => {
  el('ask').addEventListener('submit', send);
  el('drop').addEventListener('click', () => { if (current) current.drop(); });
});
