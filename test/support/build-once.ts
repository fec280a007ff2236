import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: bundles the app once, as `npm run build` does, so tests that start the real
 * process (`node build/app/main.js`) run what `npm start` and the image run.
 */
export default function setup(): void {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  execFileSync('node', ['scripts/write-build-info.mjs'], { stdio: 'inherit' });
}
