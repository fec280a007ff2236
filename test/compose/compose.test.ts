import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../app/config/load.js';
import { APP_CONTRACT, schemaEnvNames } from '../../infra/app-contract.js';
import { startLocalServer } from '../support/local-server.js';
import { freePort } from '../support/net.js';

/**
 * compose.yaml cannot be started here (no Docker engine), so these tests check
 * what would break it: files it mounts, the environment the app would reject,
 * ports and URLs that point nowhere, and a Prometheus config that does not load.
 */
const root = resolve(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noExplicitAny: compose and Prometheus files are walked as plain YAML
type Yaml = any;
const compose: Yaml = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true });
const services: Record<string, Yaml> = compose.services;
/** Services running this repo's image: the app and its registry role. */
const appServices = Object.entries(services).filter(([, s]) => s.build?.context === '.');

function binds(service: Yaml): { source: string; target: string }[] {
  return (service.volumes ?? [])
    .map((v: string) => v.split(':'))
    .filter(([source]: string[]) => source!.startsWith('./'))
    .map(([source, target]: string[]) => ({ source: source!, target: target! }));
}

function mountFor(service: Yaml, target: string): string {
  const found = binds(service).find((b) => target === b.target || target.startsWith(`${b.target}/`));
  if (!found) throw new Error(`nothing is mounted at ${target}`);
  return join(root, found.source, target.slice(found.target.length));
}

function containerPorts(service: Yaml): number[] {
  return (service.ports ?? []).map((p: string) => Number(p.split(':').at(-1)));
}

const prometheus: Yaml = parse(
  readFileSync(mountFor(services.prometheus, '/etc/prometheus/prometheus.yml'), 'utf8'),
);

describe('compose.yaml', () => {
  it('when parsed, then it has the app, its registry, PostgreSQL, Prometheus and Grafana, with pinned images', () => {
    expect(Object.keys(services).sort()).toEqual([
      'grafana',
      'postgres',
      'prometheus',
      'registry',
      'sample-api',
    ]);
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
    expect(appServices.map(([name]) => name).sort()).toEqual(['registry', 'sample-api']);
  });

  it('when it mounts repository files, then every one exists, and the dashboards folder holds dashboards', () => {
    const all = Object.values(services).flatMap(binds);
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const { source } of all) expect(existsSync(join(root, source)), source).toBe(true);
    const dashboards = mountFor(services.grafana, '/var/lib/grafana/dashboards');
    expect(readdirSync(dashboards).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('when the image is built, then the Dockerfile takes the build args compose passes', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    for (const [, s] of appServices) {
      for (const arg of Object.keys(s.build.args))
        expect(dockerfile).toMatch(new RegExp(`^ARG ${arg}$`, 'm'));
    }
  });

  for (const [name, service] of appServices) {
    it(`when ${name} starts, then every variable it sets is in the config schema and loadConfig accepts them`, () => {
      const known = schemaEnvNames();
      const env: Record<string, string> = service.environment;
      for (const key of Object.keys(env))
        expect(known.has(key), `${key} is not in app/config/schema.ts`).toBe(true);
      for (const value of Object.values(env))
        expect(typeof value, 'quote values: YAML would make numbers').toBe('string');
      const config = loadConfig(env);
      expect(containerPorts(service)).toEqual([config.server.port]);
      expect(config.management.port).toBe(0);
      expect(service.healthcheck.test.join(' ')).toContain(
        `http://127.0.0.1:${config.server.port}/health/ready`,
      );
    });
  }

  it('when the healthcheck script runs, then it exits 0 on a ready answer and 1 on 503 or no answer', async () => {
    const script: string = services['sample-api'].healthcheck.test.at(-1);
    const run = (port: number) =>
      new Promise<number | null>((done) => {
        const child = spawn(process.execPath, ['-e', script.replace('127.0.0.1:8080', `127.0.0.1:${port}`)]);
        child.on('exit', (code) => done(code));
      });
    let status = 200;
    const ready = await startLocalServer((_req, res) => res.writeHead(status).end());
    try {
      expect(await run(ready.port)).toBe(0);
      status = 503;
      expect(await run(ready.port)).toBe(1);
    } finally {
      await ready.close();
    }
    expect(await run(await freePort())).toBe(1);
  });

  it('when sample-api connects, then DATABASE_URL names the postgres service with its user, password and database', () => {
    const config = loadConfig(services['sample-api'].environment);
    const url = new URL(config.database.url);
    const pg = services.postgres.environment;
    expect(url.protocol).toBe('postgres:');
    expect([url.hostname, url.port]).toEqual(['postgres', '5432']);
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      pg.POSTGRES_DB,
    ]);
    expect(services['sample-api'].depends_on.postgres.condition).toBe('service_healthy');
  });

  it('when sample-api registers, then REGISTRY_URL reaches the registry service, both share the token, and it advertises its own service name', () => {
    const api = loadConfig(services['sample-api'].environment);
    const registry = loadConfig(services.registry.environment);
    expect(registry.service.role).toBe('registry');
    const url = new URL(api.registry.url);
    expect([url.hostname, Number(url.port)]).toEqual(['registry', registry.server.port]);
    expect(api.serviceAuth.token).toBe(registry.serviceAuth.token);
    expect(api.serviceAuth.token).not.toBe('');
    const self = new URL(api.registry.selfUrl);
    expect([self.hostname, Number(self.port)]).toEqual(['sample-api', api.server.port]);
  });
});

describe('compose Prometheus and Grafana', () => {
  it('when Prometheus scrapes, then each app service is a target on its port and metrics path, labelled as the ServiceMonitor would', () => {
    const jobs: Yaml[] = prometheus.scrape_configs;
    for (const [name, service] of appServices) {
      const port = loadConfig(service.environment).server.port;
      const job = jobs.find((j) => j.static_configs.some((c: Yaml) => c.targets.includes(`${name}:${port}`)));
      expect(job, `no job scrapes ${name}:${port}`).toBeDefined();
      expect(job.metrics_path).toBe(APP_CONTRACT.metricsPath);
    }
    const api = jobs.find((j) => j.job_name === 'sample-api').static_configs[0].labels;
    // The shipped rules select exactly these labels, so they evaluate against compose's sample-api.
    const rules = readFileSync(join(root, 'grafana/alerts/sample-api.rules.yaml'), 'utf8');
    expect(rules).toContain(`namespace="${api.namespace}",service="${api.service}"`);
  });

  it('when Prometheus loads rules, then its rule_files glob matches the mounted alert rules', () => {
    const files = (prometheus.rule_files as string[]).flatMap((pattern) => {
      const dir = mountFor(services.prometheus, pattern.slice(0, pattern.lastIndexOf('/')));
      const suffix = pattern.slice(pattern.lastIndexOf('*') + 1);
      return readdirSync(dir).filter((f) => f.endsWith(suffix));
    });
    expect(files).toContain('sample-api.rules.yaml');
  });

  it.skipIf(!existsSync('/usr/bin/promtool'))(
    'when promtool checks the config with the rules at their repository paths, then it passes',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'compose-prom-'));
      try {
        const local = {
          ...prometheus,
          rule_files: (prometheus.rule_files as string[]).map((p) => {
            const at = p.lastIndexOf('/');
            return join(mountFor(services.prometheus, p.slice(0, at)), p.slice(at + 1));
          }),
        };
        const file = join(dir, 'prometheus.yml');
        writeFileSync(file, JSON.stringify(local));
        const out = execFileSync('/usr/bin/promtool', ['check', 'config', file], { encoding: 'utf8' });
        expect(out).toContain('SUCCESS');
        expect(out).toMatch(/Checking .*sample-api\.rules\.yaml/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('when Grafana provisions, then the datasource is the prometheus service and the dashboard provider reads the mounted dashboards', () => {
    const grafana = services.grafana;
    const provisioning = mountFor(grafana, '/etc/grafana/provisioning');
    expect(statSync(provisioning).isDirectory()).toBe(true);
    const ds: Yaml = parse(readFileSync(join(provisioning, 'datasources/prometheus.yaml'), 'utf8'));
    const url = new URL(ds.datasources[0].url);
    expect(ds.datasources[0].type).toBe('prometheus');
    expect(url.hostname).toBe('prometheus');
    expect(containerPorts(services.prometheus)).toContain(Number(url.port));
    const providers: Yaml = parse(readFileSync(join(provisioning, 'dashboards/canary-lab.yaml'), 'utf8'));
    const path = providers.providers[0].options.path;
    expect(readdirSync(mountFor(grafana, path))).toContain('canary-vs-stable.json');
  });
});
