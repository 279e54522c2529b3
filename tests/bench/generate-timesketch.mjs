// Writes a deterministic Timesketch CSV of N events (about 150 bytes a row), for the import benchmark.
// Usage: node tests/bench/generate-timesketch.mjs N OUT.csv
import { createWriteStream } from 'node:fs';

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same bytes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = Array.from({ length: 40 }, (_, i) => `WKS-${String(i).padStart(3, '0')}.corp.example`);
const USERS = Array.from({ length: 60 }, (_, i) => `user${i}`);
const DESCS = ['Event Recorded', 'Content Modification Time', 'Creation Time', 'Last Access Time', 'Last Visited Time'];
const TYPES = ['windows:evtx:record', 'fs:stat', 'syslog:line', 'chrome:history:page_visited'];
const VERBS = ['Logon', 'Process created', 'File written', 'Service started', 'Connection to', 'Registry value set'];

export async function generate(n, out, seed = 42) {
  const random = rng(seed);
  const stream = createWriteStream(out, { highWaterMark: 1 << 20 });
  const write = (s) => (stream.write(s) ? null : new Promise((r) => stream.once('drain', r)));
  await write('message,datetime,timestamp_desc,hostname,username,data_type,source_ip,tag\n');
  const start = Date.UTC(2024, 0, 1);
  let t = start;
  let chunk = '';
  for (let i = 0; i < n; i++) {
    // Mostly increasing times with some jitter, as real super-timelines are.
    t += Math.floor(random() * 6000);
    const jitter = random() < 0.05 ? -Math.floor(random() * 600000) : 0;
    const iso = new Date(t + jitter).toISOString().replace('Z', '+00:00');
    const host = HOSTS[Math.floor(random() * HOSTS.length)];
    const user = USERS[Math.floor(random() * USERS.length)];
    const ip = `10.${Math.floor(random() * 4)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
    const verb = VERBS[Math.floor(random() * VERBS.length)];
    const id = Math.floor(random() * 1e9).toString(36);
    let message = `${verb} ${id} by ${user} from ${ip} pid ${Math.floor(random() * 65535)}`;
    // One row in ten has a comma and quotes, so the CSV parser's quoted path is measured too.
    if (random() < 0.1) message = `"${message}, args ""-enc ${id}"""`;
    const tag = random() < 0.02 ? 'suspicious' : '';
    chunk += `${message},${iso},${DESCS[i % DESCS.length]},${host},${user},${TYPES[i % TYPES.length]},${ip},${tag}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((resolve) => stream.end(resolve));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n, out] = process.argv.slice(2);
  await generate(Number(n), out);
}
