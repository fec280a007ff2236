// npm run load -- --level light|medium|heavy [--url http://127.0.0.1:8080/api/info] [--duration 20]
// The seed project's load levels against a running service, with progress while it runs.
import { parseArgs } from 'node:util';
import { runLoad } from './autocannon-run.js';

export const levels = { light: 50, medium: 100, heavy: 1000 } as const;

const { values } = parseArgs({
  options: {
    level: { type: 'string', default: 'light' },
    url: { type: 'string', default: 'http://127.0.0.1:8080/api/info' },
    duration: { type: 'string', default: '20' },
  },
});

const connections = levels[values.level as keyof typeof levels];
const durationSeconds = Number(values.duration);
if (!connections) {
  console.error(`--level must be one of ${Object.keys(levels).join(', ')}, got "${values.level}"`);
  process.exit(2);
}
if (!(Number.isInteger(durationSeconds) && durationSeconds >= 1 && durationSeconds <= 300)) {
  console.error(`--duration must be a whole number of seconds from 1 to 300, got "${values.duration}"`);
  process.exit(2);
}

try {
  console.error(
    `load: ${values.level} = ${connections} connections for ${durationSeconds}s against ${values.url}`,
  );
  const r = await runLoad({ url: values.url, connections, durationSeconds, progress: true });
  console.log(`| Level | Connections | Requests | Throughput | p50 | p99 | Error rate |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  console.log(
    `| ${values.level} | ${connections} | ${r.requests} | ${r.rps.toFixed(0)} req/s | ${r.p50Ms} ms | ${r.p99Ms} ms | ${(r.errorRate * 100).toFixed(2)}% |`,
  );
} catch (error) {
  console.error(`load: ${(error as Error).message}`);
  process.exit(1);
}
