import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';

const SUFFIX = '.k8s.yaml';

/** Synthesizes the charts `build` adds, exactly as `cdk8s synth` writes them, into memory (file name → YAML). */
export function renderCharts(build: (app: App) => void): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'canary-lab-synth-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return new Map(
      readdirSync(outdir)
        .filter((f) => f.endsWith(SUFFIX))
        .sort()
        .map((f) => [f, readFileSync(join(outdir, f), 'utf8')]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** What differs between rendered files and a dist/ folder. */
export interface DistDiff {
  /** Files missing from dist/ or with other content. */
  readonly changed: string[];
  /** `*.k8s.yaml` files in dist/ that no chart produces any more. */
  readonly stale: string[];
}

/** Compares rendered files with `distDir` without touching it. */
export function diffDist(files: ReadonlyMap<string, string>, distDir: string): DistDiff {
  const present = existsSync(distDir) ? readdirSync(distDir).filter((f) => f.endsWith(SUFFIX)) : [];
  const changed = [...files].filter(([f, content]) => {
    const path = join(distDir, f);
    return !existsSync(path) || readFileSync(path, 'utf8') !== content;
  });
  return { changed: changed.map(([f]) => f), stale: present.filter((f) => !files.has(f)).sort() };
}

/**
 * Writes only changed files and removes stale ones, so an unchanged synth
 * leaves every mtime alone (a rewrite would retrigger `skaffold dev`).
 */
export function writeDist(files: ReadonlyMap<string, string>, distDir: string): DistDiff {
  const diff = diffDist(files, distDir);
  mkdirSync(distDir, { recursive: true });
  for (const f of diff.changed) writeFileSync(join(distDir, f), files.get(f)!);
  for (const f of diff.stale) rmSync(join(distDir, f));
  return diff;
}
