import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What was built: stamped by scripts/write-build-info.mjs at build time. */
export const BuildInfoSchema = z
  .object({
    version: z.string().min(1),
    commit: z.string().min(1),
    buildTime: z
      .string()
      .nullable()
      .meta({ description: 'ISO 8601 time of the build; null when running from source.' }),
  })
  .meta({ id: 'BuildInfo' });

export type BuildInfo = z.infer<typeof BuildInfoSchema>;

/**
 * Reads the stamped build metadata. Running from source (`npm run dev`) there is
 * none, and the fallback says so plainly instead of pretending.
 */
export function readBuildInfo(file: URL, fallbackVersion: string): BuildInfo {
  try {
    return BuildInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { version: fallbackVersion, commit: 'source', buildTime: null };
  }
}
