// An app server written for a GRIP proxy, the way the @fanoutio/grip README shows: it answers a report
// request at once with Grip-Hold: stream, then does the slow work and publishes progress to the
// request's channel, and ends the stream with a close. It keeps no connection per waiting client.
//
//   GRIP_URL=http://127.0.0.1:8080/?key=<publish token> PORT=9000 node app.mjs
//
// /stats answers what the app server holds right now (open connections, requests being answered) and
// what it published, so a test can check that held clients cost it nothing.
import http from 'node:http';
import { GripInstruct, HttpStreamFormat, Publisher } from '@fanoutio/grip';

const port = Number(process.env.PORT ?? 9000);
const stepMs = Number(process.env.STEP_MS ?? 100);
const steps = Number(process.env.STEPS ?? 3);
const publisher = new Publisher(process.env.GRIP_URL ?? 'http://127.0.0.1:8080/?key=changeme');

const stats = { held: 0, published: 0, closed: 0, publishErrors: 0, inFlight: 0 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function runJob(channel) {
  try {
    for (let step = 1; step <= steps; step++) {
      await sleep(stepMs); // the slow work
      await publisher.publishHttpStream(channel,
        `event: progress\ndata: ${JSON.stringify({ step, of: steps })}\n\n`);
      stats.published++;
    }
    await publisher.publishHttpStream(channel, `event: done\ndata: ${JSON.stringify({ channel })}\n\n`);
    await publisher.publishFormats(channel, new HttpStreamFormat(null, true));
    stats.closed++;
  } catch (err) {
    stats.publishErrors++;
    console.error(`publish to ${channel} failed: ${err.message ?? err}`);
  }
}

const server = http.createServer((req, res) => {
  stats.inFlight++;
  res.on('close', () => stats.inFlight--);
  const url = new URL(req.url, 'http://app');
  if (url.pathname === '/report') {
    // The proxy's request id names the job's channel, so each client follows its own job.
    const channel = `report-${req.headers['x-request-id'] ?? Date.now()}`;
    const instruct = new GripInstruct(channel);
    instruct.setHoldStream();
    stats.held++;
    res.writeHead(200, { ...instruct.toHeaders(), 'Content-Type': 'text/event-stream' });
    res.end(`event: queued\ndata: ${JSON.stringify({ channel })}\n\n`);
    runJob(channel);
  } else if (url.pathname === '/stats') {
    server.getConnections((err, connections) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // This request is the one in flight that asks.
      res.end(JSON.stringify({ ...stats, inFlight: stats.inFlight - 1, connections }));
    });
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
