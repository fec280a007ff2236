import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: runs `npm run build` once, so tests that start the real
 * process (`node build/app/main.js`) run what `npm start` and the image run.
 */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
