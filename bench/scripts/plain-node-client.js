// A plain Node `http` client for issue 13's "not the bench" rows: one connection per stream (no agent
// reuse), POST JSON, read to the end. Opens --streams streams at --rate per second (open loop: each
// stream's clock starts at its intended start), in --passes passes against the same target process,
// and prints per pass: the target's CPU per stream (user and kernel, from /proc/PID/stat over the pass)
// and time to first event p50/p99/max. Usage:
//   node plain-node-client.js --url http://127.0.0.1:PORT/api/chat/stream --pid PID \
//        --warm-up 3000 --streams 10000 --rate 1000 --passes 3
'use strict';
const http = require('http');
const fs = require('fs');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const url = new URL(args.url);
const pid = args.pid;
const rate = Number(args.rate || 1000);
const streams = Number(args.streams || 10000);
const warmUp = Number(args['warm-up'] || 3000);
const passes = Number(args.passes || 1);
const body = JSON.stringify({ message: 'How many streams can one gateway hold?' });

function cpuTicks() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

function openStream(intendedMs, firstEvents, done) {
  const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'text/event-stream' } },
  (res) => {
    let seen = false;
    let ok = res.statusCode === 200;
    res.on('data', (chunk) => {
      if (!seen && chunk.includes('id: ')) {
        seen = true;
        firstEvents.push(performance.now() - intendedMs);
      }
    });
    res.on('end', () => done(ok && seen));
    res.on('error', () => done(false));
  });
  req.on('error', () => done(false));
  req.end(body);
}

function run(count, record) {
  return new Promise((resolve) => {
    const firstEvents = [];
    let ended = 0;
    let failed = 0;
    const t0 = performance.now() + 100;
    let next = 0;
    function launch() {
      const now = performance.now();
      while (next < count && t0 + next * 1000 / rate <= now) {
        openStream(t0 + next * 1000 / rate, firstEvents, (ok) => {
          if (!ok) failed++;
          if (++ended === count) resolve({ firstEvents, failed });
        });
        next++;
      }
      if (next < count) setTimeout(launch, 1);
    }
    setTimeout(launch, 100);
  });
}

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))] : NaN;
}

(async () => {
  process.stdout.write(`warm-up: ${warmUp} streams at ${rate}/s\n`);
  if (warmUp > 0) await run(warmUp);
  let served = warmUp;
  console.log('pass | streams served before | CPU per stream [ms] | user [ms] | kernel [ms] | TTFE p50 [ms] | p99 [ms] | max [ms] | failed');
  for (let p = 1; p <= passes; p++) {
    const before = cpuTicks();
    const { firstEvents, failed } = await run(streams);
    const after = cpuTicks();
    const user = (after.user - before.user) * 10 / streams;
    const system = (after.system - before.system) * 10 / streams;
    const sorted = firstEvents.sort((a, b) => a - b);
    console.log(`${p} | ${served} | ${(user + system).toFixed(3)} | ${user.toFixed(3)} | ${system.toFixed(3)} | `
      + `${pct(sorted, 50).toFixed(1)} | ${pct(sorted, 99).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} | ${failed}`);
    served += streams;
  }
})();
