// Load shedding under overload: N clients, each sending requests back to back
// for S seconds, at loopback only. Prints the share of 503s and the latency
// of the answered requests.
//
//   BASE_URL=http://127.0.0.1:3000 CLIENTS=1000 SECONDS=10 PATH_=/patterns/layered node bench/shed.mjs
import http from 'node:http';

const base = new URL(process.env.BASE_URL || 'http://127.0.0.1:3000');
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('loopback only');
const clients = Number(process.env.CLIENTS || 1000);
const seconds = Number(process.env.SECONDS || 10);
const path = process.env.PATH_ || '/patterns/layered';
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const statuses = new Map();
const answered = [];
let failed = 0;
const end = Date.now() + seconds * 1000;

function once(i) {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.request({ host: base.hostname, port: base.port, path, agent, headers: { cookie: `sandbox=shed-${i % 200}-room` } }, (res) => {
      res.resume();
      res.on('end', () => {
        statuses.set(res.statusCode, (statuses.get(res.statusCode) || 0) + 1);
        if (res.statusCode !== 503) answered.push(performance.now() - start);
        resolve();
      });
    });
    req.on('error', () => { failed++; resolve(); });
    req.end();
  });
}

async function client(i) {
  while (Date.now() < end) await once(i);
}

await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
answered.sort((a, b) => a - b);
const total = [...statuses.values()].reduce((a, b) => a + b, 0) + failed;
const q = (p) => answered[Math.min(answered.length - 1, Math.floor(answered.length * p))]?.toFixed(1);
console.log(`clients ${clients}, ${seconds} s, ${path}: ${total} requests, ${(total / seconds).toFixed(0)} req/s`);
console.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}, connection errors: ${failed}`);
console.log(`503 share: ${(((statuses.get(503) || 0) / total) * 100).toFixed(1)} %; answered p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
agent.destroy();
