import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { schema } from '../../app/config/schema.js';
import { type Copy, parseDockerfile, type Stage } from '../support/dockerfile.js';
import { killAll, repoRoot, startService } from '../support/process.js';

/**
 * Reproduces the image's final stage without a Docker engine, following the
 * Dockerfile's own COPY lines: files from the context come from the work tree;
 * a stage that only runs `npm ci` is re-run as written in a scratch directory;
 * the build stage's output is the `build/` that vitest's global setup made with
 * the same compiler and build-info script.
 */
const stages = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const final = stages.at(-1)!;
const scratch = mkdtempSync(join(tmpdir(), 'canary-image-'));

afterEach(killAll);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Docker's COPY: a directory's contents into dest, files into dest/ when it is a directory. */
function copyInto(source: string, dest: string, intoDirectory: boolean): void {
  if (!existsSync(source)) throw new Error(`COPY source missing: ${source}`);
  const target = statSync(source).isDirectory() || !intoDirectory ? dest : join(dest, basename(source));
  mkdirSync(intoDirectory ? dest : join(target, '..'), { recursive: true });
  cpSync(source, target, { recursive: true });
}

/** Where a path of a stage's filesystem is in the reproduction: `root` stands for `/`. */
const onDisk = (root: string, stage: Stage, path: string) => join(root, posix.resolve(stage.workdir, path));

type Resolve = (source: string) => string;

function applyCopy(copy: Copy, stage: Stage, root: string, resolveSource: Resolve): void {
  const intoDirectory = copy.dest.endsWith('/') || copy.sources.length > 1;
  for (const source of copy.sources)
    copyInto(resolveSource(source), onDisk(root, stage, copy.dest), intoDirectory);
}

const fromContext: Resolve = (source) => join(repoRoot, source);

/** Runs a stage that only installs packages: its COPY lines from the context, then its RUN lines. */
function reproduceInstallStage(stage: Stage): Resolve {
  const root = join(scratch, `stage-${stage.name}`);
  for (const copy of stage.copies) {
    if (copy.from !== undefined) throw new Error(`install stage ${stage.name} copies from ${copy.from}`);
    applyCopy(copy, stage, root, fromContext);
  }
  for (const command of stage.runs) {
    execFileSync('sh', ['-c', command], { cwd: onDisk(root, stage, '.'), stdio: 'pipe', env: process.env });
  }
  return (source) => onDisk(root, stage, source);
}

const isBuildStage = (stage: Stage) => stage.runs.at(-1) === 'npm run build';

/** Where the files a COPY takes from a stage (or the context) are in the reproduction. */
function sourcesOf(from: string | undefined): Resolve {
  if (from === undefined) return fromContext;
  const stage = stages.find((s) => s.name === from);
  if (!stage) throw new Error(`COPY --from=${from}: no such stage`);
  if (stage.runs.length > 0 && stage.runs.every((run) => /^npm ci --omit=dev\b/.test(run))) {
    return reproduceInstallStage(stage);
  }
  if (isBuildStage(stage)) {
    // Its workdir holds a copy of the repository, built by `npm run build` as global setup did here.
    return (source) => {
      const inRepo = posix.relative(stage.workdir, posix.resolve(stage.workdir, source));
      if (inRepo.startsWith('..')) throw new Error(`COPY --from=${from} ${source}: outside ${stage.workdir}`);
      return join(repoRoot, inRepo);
    };
  }
  throw new Error(`stage ${from} is neither an npm ci --omit=dev stage nor the npm run build stage`);
}

/** The distroless image's node, which the final stage's RUN lines name (exec form: there is no shell). */
const imageNode = '/nodejs/bin/node';

/** Runs the final stage's RUN lines, as written but with this Node 24 for the image's. */
function reproduceFinalRuns(stage: Stage, image: string, env: Record<string, string>): void {
  for (const run of stage.runs) {
    const argv = JSON.parse(run) as string[];
    if (argv[0] !== imageNode) throw new Error(`final-stage RUN must exec ${imageNode}: ${run}`);
    execFileSync(process.execPath, argv.slice(1), { cwd: onDisk(image, stage, '.'), env, stdio: 'pipe' });
  }
}

describe('the image without Docker', () => {
  it('when the final stage is assembled from its COPY and RUN lines, then it starts as uid 65532 would, from the compile cache the build wrote, and serves readiness and the stamped version', async () => {
    const image = join(scratch, 'image');
    for (const copy of final.copies) applyCopy(copy, final, image, sourcesOf(copy.from));
    const app = onDisk(image, final, '.');
    const cmd = JSON.parse(final.last('CMD') ?? '[]') as string[];
    // The image's absolute paths, inside the reproduction.
    const cacheDir = onDisk(image, final, final.env.NODE_COMPILE_CACHE ?? '(unset)');
    const env = { ...final.env, NODE_COMPILE_CACHE: cacheDir };
    reproduceFinalRuns(final, image, { PATH: process.env.PATH ?? '', ...env });

    // As the image runs: the embedded database in memory, initialised at start.
    const service = await startService({
      cwd: app,
      env: { ...env, PORT: '0', NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      database: 'as-configured',
    });
    const ready = await fetch(`${service.url}/health/ready`);
    const version = await fetch(`${service.url}/api/version`);
    const docs = await fetch(`${service.url}/docs/`);

    // Node's own trace of its compile cache: the bundle's largest chunk came from the cache, not the compiler.
    expect(service.stderr()).toMatch(
      /V8 code cache for ESM file:\S+\/build\/app\/server-\w+\.js was accepted/,
    );

    expect(cmd).toEqual(['build/app/main.js']);
    expect(existsSync(join(app, 'node_modules/express'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/vitest'))).toBe(false);
    expect(ready.status).toBe(200);
    expect(version.status).toBe(200);
    const stamped = JSON.parse(readFileSync(join(repoRoot, 'build/build-info.json'), 'utf8'));
    const body = (await version.json()) as { commit: string };
    expect(body.commit).toBe(stamped.commit);
    expect(body.commit).not.toMatch(/^(source|unknown)$/);
    expect(docs.status).toBe(200);
  }, 120_000);

  it('when the build stage is assembled from its COPY lines, then `npm run build` bundles there with what they bring', () => {
    const buildStage = stages.find(isBuildStage)!;
    const root = join(scratch, 'build-stage');
    for (const copy of buildStage.copies) applyCopy(copy, buildStage, root, fromContext);
    const src = onDisk(root, buildStage, '.');
    // What its `npm ci` installs: the lockfile's packages, as they are installed here.
    symlinkSync(join(repoRoot, 'node_modules'), join(src, 'node_modules'));

    // The stage's own last RUN (isBuildStage: `npm run build`), as the Dockerfile writes it.
    execFileSync('sh', ['-c', buildStage.runs.at(-1)!], {
      cwd: src,
      env: { ...process.env, GIT_COMMIT: 'stagetest', APP_VERSION: '0.0.0-stage' },
      stdio: 'pipe',
    });

    expect(readdirSync(join(src, 'build/app'))).toEqual(
      expect.arrayContaining(['main.js', 'worker.js', 'compile-cache-cli.js']),
    );
    expect(JSON.parse(readFileSync(join(src, 'build/build-info.json'), 'utf8'))).toMatchObject({
      commit: 'stagetest',
      version: '0.0.0-stage',
    });
  }, 60_000);

  it('when the Dockerfile is read, then the final stage is distroless Node 24, non-root, and exposes the default PORT', () => {
    expect(final.image).toBe('gcr.io/distroless/nodejs24-debian12:nonroot');
    expect(final.last('USER')).toBe('65532:65532');
    expect(Number(final.last('EXPOSE'))).toBe(schema.server.port.default);
    expect(final.env.PORT).toBe(String(schema.server.port.default));
    // Only the compile cache, written as the runtime user (Node keys it by uid) by the image's own node.
    expect(final.runs.map((run) => JSON.parse(run))).toEqual([[imageNode, 'build/app/compile-cache-cli.js']]);
    const keywords = final.instructions.map((i) => i.keyword);
    expect(keywords.indexOf('RUN')).toBeGreaterThan(keywords.lastIndexOf('USER'));
    expect(final.env.NODE_COMPILE_CACHE).toMatch(/^\/home\/nonroot\//);
    const buildStage = stages.find(isBuildStage);
    expect(buildStage?.runs).toContain('npm ci --no-audit --no-fund');
    expect(buildStage?.instructions.filter((i) => i.keyword === 'ARG').map((i) => i.args)).toEqual([
      'GIT_COMMIT',
      'APP_VERSION',
    ]);
    expect(final.last('LABEL')).toMatch(/org\.opencontainers\.image\.revision="\$\{GIT_COMMIT\}"/);
  });

  it('when glibc reads the final stage’s GLIBC_TUNABLES (Debian 12’s, as the distroless base), then it knows every tunable and takes its value', () => {
    const wanted =
      final.env.GLIBC_TUNABLES?.split(':').map((pair) => pair.split('=') as [string, string]) ?? [];
    expect(wanted.length).toBeGreaterThan(0);
    // ld.so lists the tunables as this environment sets them; one it does not know is silently not there.
    const listed = execFileSync('/lib64/ld-linux-x86-64.so.2', ['--list-tunables'], {
      env: { GLIBC_TUNABLES: final.env.GLIBC_TUNABLES ?? '' },
      encoding: 'utf8',
    });
    for (const [name, value] of wanted) {
      const line = listed.split('\n').find((l) => l.startsWith(`${name}:`));
      expect(Number(line?.split(/\s+/)[1]), name).toBe(Number(value));
    }
  });

  it('when .dockerignore is read, then it keeps local installs and outputs out but nothing a COPY needs', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['node_modules', 'build', 'coverage', 'dist', '.git', 'test']),
    );
    const fromContext = stages.flatMap((s) =>
      s.copies.filter((c) => c.from === undefined).flatMap((c) => c.sources),
    );
    const matches = (pattern: string, path: string) =>
      pattern.startsWith('*.')
        ? path.endsWith(pattern.slice(1))
        : path === pattern || path.startsWith(`${pattern}/`);
    expect(fromContext.filter((path) => ignored.some((pattern) => matches(pattern, path)))).toEqual([]);
  });
});
