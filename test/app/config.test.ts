import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable } from '../../app/config/doc.js';
import { ConfigError, loadConfig } from '../../app/config/load.js';

describe('configuration', () => {
  it('when nothing is set, then every default applies', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(8080);
    expect(config.metrics).toEqual({ excludeInfraRoutes: true, defaultMetrics: true });
    expect(config.management).toEqual({ port: 0, stallMs: 2000 });
    expect(config.demo.enabled).toBe(true);
    expect(config.faults).toMatchObject({ errorRate: 0, errorStatus: 500, latencyMs: 0 });
  });

  it('when variables are set, then they are typed', () => {
    const config = loadConfig({
      PORT: '9090',
      FAULT_ERROR_RATE: '.25',
      DEMO_ENABLED: 'FALSE',
      LOG_LEVEL: 'warn',
      MANAGEMENT_PORT: '9464',
    });
    expect(config.server.port).toBe(9090);
    expect(config.faults.errorRate).toBe(0.25);
    expect(config.demo.enabled).toBe(false);
    expect(config.log.level).toBe('warn');
    expect(config.management.port).toBe(9464);
    expect(loadConfig({ DEMO_ENABLED: '1' }).demo.enabled).toBe(true);
  });

  it.each([
    [{ PORT: '12abc' }, 'server.port (PORT): must be an integer from 0 to 65535: value was "12abc"'],
    [{ PORT: '70000' }, 'server.port (PORT): must be an integer from 0 to 65535: value was 70000'],
    [
      { FAULT_ERROR_RATE: '2' },
      'faults.errorRate (FAULT_ERROR_RATE): must be a number from 0 to 1: value was 2',
    ],
    [
      { FAULT_ERROR_RATE: 'half' },
      'faults.errorRate (FAULT_ERROR_RATE): must be a number from 0 to 1: value was "half"',
    ],
    [{ DEMO_ENABLED: 'maybe' }, 'demo.enabled (DEMO_ENABLED): must be true or false: value was "maybe"'],
    [
      { FAULT_ERROR_STATUS: '200' },
      'faults.errorStatus (FAULT_ERROR_STATUS): must be an integer from 400 to 599: value was 200',
    ],
    [
      { SHUTDOWN_TIMEOUT_MS: '0' },
      'shutdown.timeoutMs (SHUTDOWN_TIMEOUT_MS): must be an integer of at least 1: value was 0',
    ],
  ])('when %j, then one message names the key, the variable and the value', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(`invalid configuration: ${message}`));
  });

  it('when a value is not one of a list, then the message lists the choices', () => {
    expect(() => loadConfig({ SERVICE_ROLE: 'worker' })).toThrow(
      /^invalid configuration: service\.role \(SERVICE_ROLE\): must be one of the possible values: \["api","loadgen".*\]: value was "worker"$/,
    );
  });

  it('when several values are bad, then each is named, on one line', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).toMatch(/server\.port \(PORT\).*; log\.level \(LOG_LEVEL\)/);
    }
  });

  it('when the README lists the configuration, then it is the table the schema renders', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = renderConfigTable();
    expect(table).toContain('| `ADMIN_TOKEN` | `admin.token` | string | `(secret)` |');
    // `npm run config:doc -- --write` refreshes the block when keys change.
    expect(readme).toContain(`<!-- config-table -->\n${table}\n<!-- /config-table -->`);
  });
});
