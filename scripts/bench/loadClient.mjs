// The load generator for the handler bench, run as its own process (`node loadClient.mjs
// '<json>'`) so the server under test keeps its event loop and core to itself. A bounded
// load: `concurrency` keep-alive requests in flight for `ms`. Prints requests per second.
import { Agent, request } from 'node:http';
import { throughput } from './throughput.mjs';

const { port, path, method, body, ms, concurrency } = JSON.parse(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const headers = body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {};
const once = () =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`bench request failed: ${res.statusCode}`));
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
process.stdout.write(String(await throughput(once, { ms, concurrency })));
agent.destroy();
