'use strict';

// Bench peer "node-seed": the staged SSE stream written the way a Node.js developer typically
// writes it, and the approach Sluice was designed to replace. An async generator awaits a timer
// between events; Readable.from() turns it into a stream that is piped into the response, so
// the response's back-pressure pauses the generator. Plain `http`, no npm dependencies.
// channels.js adds Sluice's channel API (SPEC 9) the same way (for the bench's fanout scenario);
// with --hold URL --hold-token T the stream route answers as a sidecar-hold app server (SPEC 10, hold.js).

const http = require('node:http');
const { Readable, pipeline } = require('node:stream');
const { setTimeout: sleep } = require('node:timers/promises');
const { randomBytes } = require('node:crypto');
const { parseArgs } = require('node:util');
const { Channels } = require('./channels');
const { HoldPublisher, holdStages } = require('./hold');

const DEFAULT_PLAN = [
  { id: 'init', progress: 5, label: 'Reading the message' },
  { id: 'intent', progress: 15, label: 'Understanding the intent' },
  { id: 'retrieve', progress: 35, label: 'Retrieving context' },
  { id: 'reason', progress: 60, label: 'Reasoning' },
  { id: 'generate', progress: 85, label: 'Generating the answer' },
  { id: 'finalize', progress: 100, label: 'Finalizing' },
];

const MAX_BODY_BYTES = 64 * 1024;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8081' },
      'stage-delay-ms': { type: 'string', default: '150' },
      stages: { type: 'string', default: '6' },
      'publish-token': { type: 'string', multiple: true, default: [] },
      'channel-replay-events': { type: 'string', default: '100' },
      hold: { type: 'string' },
      'hold-token': { type: 'string' },
    },
  });
  const options = {
    host: values.host,
    port: Number(values.port),
    stageDelayMs: Number(values['stage-delay-ms']),
    stages: Number(values.stages),
    publishTokens: values['publish-token'],
    channelReplayEvents: Number(values['channel-replay-events']),
    holdPublishUrl: values.hold,
    holdToken: values['hold-token'],
  };
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`--port must be an integer in 0..65535, got ${values.port}`);
  }
  if (!Number.isInteger(options.stageDelayMs) || options.stageDelayMs < 0) {
    throw new Error(`--stage-delay-ms must be a non-negative integer, got ${values['stage-delay-ms']}`);
  }
  if (!Number.isInteger(options.stages) || options.stages < 1) {
    throw new Error(`--stages must be a positive integer, got ${values.stages}`);
  }
  if (!Number.isInteger(options.channelReplayEvents) || options.channelReplayEvents < 0) {
    throw new Error(`--channel-replay-events must be a non-negative integer, got ${values['channel-replay-events']}`);
  }
  if (options.holdPublishUrl !== undefined && !options.holdToken) {
    throw new Error('--hold needs --hold-token (the token Sluice accepts from publishers)');
  }
  return options;
}

function stagePlan(count) {
  if (count === DEFAULT_PLAN.length) {
    return DEFAULT_PLAN;
  }
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i + 1}`,
    label: `s${i + 1}`,
    progress: Math.round((100 * (i + 1)) / count),
  }));
}

function sseEvent(id, event, data) {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

async function* stageEvents(plan, stageDelayMs, signal) {
  const streamId = `s-${randomBytes(8).toString('hex')}`;
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  const stageMs = {};

  yield 'retry: 2000\n\n';
  for (let i = 0; i < plan.length; i++) {
    const stage = plan[i];
    const stageStart = performance.now();
    yield sseEvent(i + 1, 'stage', {
      streamId,
      seq: i + 1,
      stageId: stage.id,
      label: stage.label,
      progress: stage.progress,
      elapsedMs: elapsed(),
    });
    // The signal cancels the pending timer the moment the client leaves.
    if (stageDelayMs > 0) {
      await sleep(stageDelayMs, undefined, { signal });
    }
    stageMs[stage.id] = Math.round(performance.now() - stageStart);
  }
  yield sseEvent(plan.length + 1, 'complete', {
    streamId,
    seq: plan.length + 1,
    progress: 100,
    elapsedMs: elapsed(),
    stageMs,
  });
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

function streamStages(res, options) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  const events = Readable.from(stageEvents(stagePlan(options.stages), options.stageDelayMs, controller.signal));
  pipeline(events, res, (err) => {
    // A client that leaves mid-stream ends the pipeline with an abort or premature close: not an error.
    if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      console.error('stream failed:', err);
    }
  });
}

async function readJsonBody(req) {
  let body = '';
  for await (const chunk of req.setEncoding('utf8')) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) {
      throw new Error('body too large');
    }
  }
  return JSON.parse(body);
}

async function handle(req, res, options, channels, holdPublisher) {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/healthz' && req.method === 'GET') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (channels.handle(req, res, url)) {
    return;
  }
  if (url.pathname !== '/api/chat/stream' || (req.method !== 'GET' && req.method !== 'POST')) {
    sendJson(res, 404, { error: 'not_found', message: `no route for ${req.method} ${url.pathname}` });
    return;
  }
  let message;
  if (req.method === 'GET') {
    message = url.searchParams.get('message');
  } else {
    try {
      message = (await readJsonBody(req))?.message;
    } catch (err) {
      sendJson(res, 400, { error: 'bad_request', message: `invalid JSON body: ${err.message}` });
      return;
    }
  }
  if (typeof message !== 'string' || message.length === 0) {
    sendJson(res, 400, { error: 'bad_request', message: 'a non-empty "message" is required' });
    return;
  }
  if (holdPublisher !== null) {
    holdStages(res, stagePlan(options.stages), options.stageDelayMs, holdPublisher, sseEvent);
    return;
  }
  streamStages(res, options);
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const channels = new Channels(options);
  const holdPublisher = options.holdPublishUrl === undefined ? null : new HoldPublisher(options);
  const server = http.createServer((req, res) => {
    handle(req, res, options, channels, holdPublisher).catch((err) => {
      console.error('request failed:', err);
      res.destroy(err);
    });
  });
  server.listen(options.port, options.host, () => {
    console.log(`listening on ${server.address().port}`);
  });
  // Graceful stop: refuse new connections and let open streams finish; a second signal, or
  // ten seconds, ends the process anyway.
  const stop = () => {
    server.close();
    server.closeIdleConnections();
    process.once('SIGTERM', () => process.exit(0));
    process.once('SIGINT', () => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
