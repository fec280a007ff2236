import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { oneByteSource } from '../../scripts/one-byte-source.js';
import { repoRoot } from '../support/process.js';

const nonAscii = /[\u0080-\u{10ffff}]/u;

describe('oneByteSource', () => {
  it('when comments hold non-ASCII characters, then they become escapes as text and the program is the same', async () => {
    const code = [
      '// a dash — a yen ¥ and an emoji 😀',
      '/* block — comment */',
      // Outside comments esbuild writes escapes only, as here.
      'globalThis.out = ["\\u2014", "\\u00e9".length, /\\u00e9/.test("\\xe9")];',
    ].join('\n');

    const narrowed = await oneByteSource(code);

    expect(narrowed).not.toMatch(nonAscii);
    expect(narrowed).toContain('// a dash \\u{2014} a yen \\u{a5} and an emoji \\u{1f600}');
    const run = (source: string) => runInNewContext(`${source}\nout`, {}) as unknown[];
    expect(run(narrowed)).toEqual(run(code));
  });

  it('when the code is ASCII already, then it is returned as it is', async () => {
    const code = 'export const a = "\\u2014"; // plain\n';
    expect(await oneByteSource(code)).toBe(code);
  });

  it('when a non-ASCII character is outside a comment, then it fails instead of changing the program', async () => {
    // In a regular expression without the u flag, \u{2014} would match "u" 2014 times.
    await expect(oneByteSource('export const dash = /—/;\n', 'chunk.js')).rejects.toThrow(
      /chunk\.js: a non-ASCII character outside a comment/,
    );
  });

  it('when the service is built, then every chunk is ASCII, so V8 keeps each source one byte a character', () => {
    const dir = join(repoRoot, 'build/app');
    const chunks = readdirSync(dir).filter((name) => name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(3);
    for (const name of chunks) expect(readFileSync(join(dir, name), 'utf8'), name).not.toMatch(nonAscii);
  });
});
