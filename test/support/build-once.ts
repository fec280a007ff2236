import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: compiles the app once, so tests that start the real
 * process (`node build/app/main.js`) run what `npm start` and the image run.
 */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync('node', ['scripts/write-build-info.mjs'], { stdio: 'inherit' });
}
