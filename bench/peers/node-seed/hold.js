'use strict';

// The app-server side of Sluice's sidecar hold (SPEC section 10), written as a Node.js developer would
// with nothing but `http`: a stream request is answered at once with `Sluice-Hold: stream` and a
// `Sluice-Channel` of its own (the first stage event in the body), the connection is free again, and
// each later stage is published to Sluice's channel API over a keep-alive agent; the last one carries
// "close": true. The app holds no connection per waiting client.

const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');

class HoldPublisher {
  constructor(options) {
    this.base = new URL(options.holdPublishUrl);
    this.token = options.holdToken;
    // Pooled keep-alive connections carry every publish (without keepAlive each would be a new connection);
    // 128 of them keep thousands of publishes a second flowing when Sluice answers slowly.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  }

  publish(channel, event, data, close) {
    const body = JSON.stringify(close ? { event, data, close: true } : { event, data });
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.base.hostname,
        port: this.base.port,
        method: 'POST',
        path: `/api/channels/${encodeURIComponent(channel)}/events`,
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${this.token}`,
        },
      }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 202 ? resolve()
          : reject(new Error(`publish to ${channel} answered ${res.statusCode}`))));
      });
      req.once('error', reject);
      req.end(body);
    });
  }
}

/** Answers a stream request with a hold, then publishes the plan's stages to the held channel. */
function holdStages(res, plan, stageDelayMs, publisher, sseEvent) {
  const streamId = `s-${randomBytes(8).toString('hex')}`;
  const channel = `job-${streamId}`;
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  const stageEvent = (i) => ({
    streamId, seq: i + 1, stageId: plan[i].id, label: plan[i].label, progress: plan[i].progress, elapsedMs: elapsed(),
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'sluice-hold': 'stream',
    'sluice-channel': channel,
  });
  // The first stage goes in the body, so it cannot race the client's subscription to the channel.
  res.end('retry: 2000\n\n' + sseEvent(1, 'stage', stageEvent(0)));
  (async () => {
    const stageMs = {};
    let stageStart = start;
    for (let i = 1; i <= plan.length; i++) {
      if (stageDelayMs > 0) {
        await sleep(stageDelayMs);
      }
      stageMs[plan[i - 1].id] = Math.round(performance.now() - stageStart);
      stageStart = performance.now();
      if (i < plan.length) {
        await publisher.publish(channel, 'stage', stageEvent(i), false);
      } else {
        await publisher.publish(channel, 'complete', {
          streamId, seq: plan.length + 1, progress: 100, elapsedMs: elapsed(), stageMs,
        }, true);
      }
    }
  })().catch((err) => console.error('hold publish failed:', err.message));
}

module.exports = { HoldPublisher, holdStages };
