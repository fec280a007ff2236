import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Not reachable through the package's exports map; read from the installed tree. */
const pglitePackageJson = resolve(
  import.meta.dirname,
  '../../node_modules/@electric-sql/pglite/package.json',
);

/**
 * A fresh PGlite data directory for one real process. An in-memory PGlite runs
 * initdb at every start (seconds each, far more on a busy CI machine); a copy of
 * a directory initialised once per machine and PGlite version opens in about
 * one. The app still runs its own migrations on it, as on any empty database.
 */
export async function freshPgliteDir(): Promise<string> {
  const pkg = JSON.parse(readFileSync(pglitePackageJson, 'utf8')) as {
    version: string;
  };
  const template = join(tmpdir(), `canary-pglite-template-${pkg.version}`);
  if (!existsSync(template)) {
    const building = mkdtempSync(join(tmpdir(), 'canary-pglite-init-'));
    const { PGlite } = await import('@electric-sql/pglite');
    const db = new PGlite(building);
    await db.waitReady;
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      // Another test worker finished its template first: use that one.
      rmSync(building, { recursive: true, force: true });
    }
  }
  const copy = mkdtempSync(join(tmpdir(), 'canary-pglite-'));
  cpSync(template, copy, { recursive: true });
  return copy;
}
