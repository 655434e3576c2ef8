'use strict';

// The channel API of Sluice's SPEC section 9, written the way a Node.js developer typically writes a
// pub/sub SSE endpoint: plain `http`, one array of response objects per channel, and a publish that
// loops over the array calling res.write() for each subscriber. Each event is framed once as a string
// and written to every subscriber (Node copies it into each socket's buffer). No npm dependencies.

const { timingSafeEqual } = require('node:crypto');

const CHANNEL_NAME = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_BODY_BYTES = 1024 * 1024;

class Channel {
  constructor(replayEvents) {
    this.subscribers = [];
    this.log = []; // { seq, text }, the newest replayEvents events
    this.nextSeq = 1;
    this.replayEvents = replayEvents;
  }

  publish(event, data) {
    const seq = this.nextSeq++;
    const text = `id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    this.log.push({ seq, text });
    if (this.log.length > this.replayEvents) {
      this.log.shift();
    }
    for (const res of this.subscribers) {
      res.write(text);
    }
    return seq;
  }

  /** What a subscriber that saw `lastId` missed, or null when the log no longer reaches back to it. */
  since(lastId) {
    if (lastId >= this.nextSeq - 1) {
      return [];
    }
    const first = this.log.length > 0 ? this.log[0].seq : this.nextSeq;
    if (lastId + 1 < first) {
      return null;
    }
    return this.log.filter((entry) => entry.seq > lastId).map((entry) => entry.text);
  }
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

function tokenMatches(given, tokens) {
  const a = Buffer.from(given);
  let ok = false;
  for (const token of tokens) {
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) {
      ok = true;
    }
  }
  return ok;
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req.setEncoding('utf8')) {
    body += chunk;
    if (body.length > MAX_BODY_BYTES) {
      throw new Error('body too large');
    }
  }
  return body;
}

/** Parses `{"event","data"}` (JSON) or one such object per line (NDJSON); throws on anything else. */
function parseEvents(body, contentType) {
  const lines = (contentType || '').startsWith('application/x-ndjson')
    ? body.split('\n').filter((line) => line.trim() !== '')
    : [body];
  return lines.map((line) => {
    const item = JSON.parse(line);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new Error('each event must be a JSON object');
    }
    const event = item.event === undefined ? 'message' : item.event;
    if (typeof event !== 'string' || !/^[^\r\n\0]{1,64}$/.test(event)) {
      throw new Error('"event" must be a name without CR, LF or NUL');
    }
    return { event, data: item.data === undefined ? null : item.data, close: item.close === true };
  });
}

class Channels {
  constructor(options) {
    this.options = options;
    this.channels = new Map();
  }

  channel(name) {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      channel = new Channel(this.options.channelReplayEvents);
      this.channels.set(name, channel);
    }
    return channel;
  }

  /** Handles /api/channels/...; returns false when the path is not a channel route. */
  handle(req, res, url) {
    const match = /^\/api\/channels\/([^/]*)\/(events|stream)$/.exec(url.pathname);
    if (match === null) {
      return false;
    }
    const name = decodeURIComponent(match[1]);
    if (!CHANNEL_NAME.test(name)) {
      sendJson(res, 400, { error: 'bad_channel', message: 'channel names are 1-128 characters of A-Z a-z 0-9 . _ : -' });
      return true;
    }
    if (match[2] === 'events') {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        sendJson(res, 405, { error: 'method_not_allowed', message: 'publish with POST' });
        return true;
      }
      this.publish(req, res, name).catch((err) => res.destroy(err));
      return true;
    }
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendJson(res, 405, { error: 'method_not_allowed', message: 'subscribe with GET' });
      return true;
    }
    this.subscribe(req, res, url, name);
    return true;
  }

  async publish(req, res, name) {
    const auth = req.headers.authorization;
    if (auth === undefined || !auth.startsWith('Bearer ')) {
      sendJson(res, 401, { error: 'unauthorized', message: 'publishing needs Authorization: Bearer <token>' });
      return;
    }
    if (!tokenMatches(auth.slice('Bearer '.length), this.options.publishTokens)) {
      sendJson(res, 403, { error: 'forbidden', message: 'that token may not publish' });
      return;
    }
    let events;
    try {
      events = parseEvents(await readBody(req), req.headers['content-type']);
    } catch (err) {
      sendJson(res, 400, { error: 'bad_request', message: `invalid events: ${err.message}` });
      return;
    }
    const channel = this.channel(name);
    const ids = [];
    for (const { event, data, close } of events) {
      ids.push(String(channel.publish(event, data)));
      if (close) {
        // The held streams of SPEC 10 end after their final event.
        for (const subscriber of channel.subscribers) {
          subscriber.end();
        }
        channel.subscribers = [];
        this.channels.delete(name);
      }
    }
    sendJson(res, 202, { ids });
  }

  subscribe(req, res, url, name) {
    const lastEventId = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId');
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // A comment first flushes the head, so the client knows it is subscribed before anything is published.
    res.write(': subscribed\n\n');
    const channel = this.channel(name);
    if (lastEventId !== undefined && lastEventId !== null && /^\d+$/.test(lastEventId)) {
      const missed = channel.since(Number(lastEventId));
      if (missed === null) {
        res.write(`event: reset\ndata: ${JSON.stringify({ channel: name, lastEventId })}\n\n`);
      } else {
        for (const text of missed) {
          res.write(text);
        }
      }
    }
    channel.subscribers.push(res);
    res.once('close', () => {
      const index = channel.subscribers.indexOf(res);
      if (index >= 0) {
        channel.subscribers.splice(index, 1);
      }
    });
  }
}

module.exports = { Channels };
