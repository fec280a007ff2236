// Stamps build/build-info.json for /api/version and app_info. A built artifact
// must say exactly what it is, so a missing commit fails the build instead of
// shipping "unknown".
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

function gitCommit() {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return undefined;
  }
}

const commit = process.env.GIT_COMMIT || gitCommit();
if (!commit) {
  console.error(
    'write-build-info: no git commit; pass GIT_COMMIT (docker build --build-arg GIT_COMMIT=$(git rev-parse --short=12 HEAD))',
  );
  process.exit(1);
}
const info = { version: process.env.APP_VERSION || pkg.version, commit, buildTime: new Date().toISOString() };
mkdirSync(new URL('../build/', import.meta.url), { recursive: true });
writeFileSync(new URL('../build/build-info.json', import.meta.url), `${JSON.stringify(info, null, 2)}\n`);
console.log(`build-info: ${info.version} ${info.commit}`);
