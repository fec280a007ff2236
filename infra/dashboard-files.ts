import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardFile } from './sample-api-props.js';

/** The `*.json` dashboards of a folder, sorted by name; none when the folder does not exist yet. */
export function readDashboardFiles(dir: string): DashboardFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((fileName) => ({ fileName, json: readFileSync(join(dir, fileName), 'utf8') }));
}
