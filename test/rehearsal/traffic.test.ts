import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrafficGenerator } from '../../rollouts/rehearsal/traffic.js';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback target answering with `status` (the outside world, not our service). */
async function target(status: number): Promise<string> {
  const server = createServer((_req, res) => {
    res.statusCode = status;
    res.end('x');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const options = { paths: ['/a'], ratePerSecond: 200, maxInFlight: 50, timeoutMs: 1000 };

describe('TrafficGenerator', () => {
  it('when the weight is 25, then exactly one request in four goes to the canary', () => {
    const traffic = new TrafficGenerator({ ...options, targets: { stable: 'x', canary: 'y' } });
    traffic.setWeight(25);
    const roles = Array.from({ length: 100 }, () => traffic.nextRole());
    expect(roles.filter((r) => r === 'canary')).toHaveLength(25);
    traffic.setWeight(0);
    expect(Array.from({ length: 10 }, () => traffic.nextRole())).not.toContain('canary');
    expect(() => traffic.setWeight(101)).toThrow('weight must be within 0..100, got 101');
    expect(
      () => new TrafficGenerator({ ...options, paths: [], targets: { stable: 'x', canary: 'y' } }),
    ).toThrow();
  });

  it('when it runs against real servers, then answers are counted per role and stop() waits for them', async () => {
    const traffic = new TrafficGenerator({
      ...options,
      targets: { stable: await target(200), canary: await target(503) },
    });
    traffic.setWeight(50);
    traffic.start();
    await new Promise((done) => setTimeout(done, 300));
    await traffic.stop();
    const { stable, canary } = traffic.counts;
    expect(stable.sent).toBeGreaterThan(5);
    expect(stable.ok).toBe(stable.sent);
    expect(canary.serverErrors).toBe(canary.sent);
    expect(traffic.weight).toBe(50);
  });

  it('when a target refuses connections or too many are in flight, then they count as failed or dropped', async () => {
    const hang = createServer(() => undefined);
    servers.push(hang);
    hang.listen(0, '127.0.0.1');
    await once(hang, 'listening');
    const traffic = new TrafficGenerator({
      ...options,
      maxInFlight: 2,
      timeoutMs: 200,
      targets: {
        stable: `http://127.0.0.1:${(hang.address() as AddressInfo).port}`,
        canary: 'http://127.0.0.1:1',
      },
    });
    traffic.start();
    await new Promise((done) => setTimeout(done, 100));
    await traffic.stop();
    expect(traffic.dropped).toBeGreaterThan(0);
    expect(traffic.counts.stable.failures).toBe(traffic.counts.stable.sent);
  });
});
