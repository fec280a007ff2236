import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PartsGzip } from '../../app/management/gzip-parts.js';

/** GNU gzip, a second decoder with its own inflate and its own CRC and length checks. */
function gnuGunzip(data: Buffer): Buffer {
  const run = spawnSync('gzip', ['-dc'], { input: data, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  expect(run.stderr.toString()).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

const text = (s: string) => Buffer.from(s);

describe('PartsGzip', () => {
  it('when parts are laid end to end, then the member decodes to their concatenation in zlib and in GNU gzip', () => {
    const parts = [
      text('# HELP a A.\n# TYPE a counter\n'),
      Buffer.alloc(0),
      text('a{x="1"} 1\n'.repeat(5000)),
      // Incompressible and over 64 KB: stored blocks and more than one deflate block per part.
      randomBytes(200_000),
      text('tail without a line feed'),
    ];
    const member = new PartsGzip().gzip(parts);
    const whole = Buffer.concat(parts);

    expect(gunzipSync(member).equals(whole)).toBe(true);
    expect(gnuGunzip(member).equals(whole)).toBe(true);
  });

  it('when there are no parts, then it is the gzip of an empty text', () => {
    const member = new PartsGzip().gzip([]);

    expect(gunzipSync(member)).toHaveLength(0);
    expect(gnuGunzip(member)).toHaveLength(0);
  });

  it('when some parts were seen before and others are new, then every member still decodes whole', () => {
    const gzip = new PartsGzip();
    const kept = text('kept{x="1"} 1\n'.repeat(1000));
    const first = [kept, text('changing 1\n')];
    const second = [text('new head\n'), kept, text('changing 2\n')];

    const a = gzip.gzip(first);
    const b = gzip.gzip(second);
    const again = gzip.gzip(first);

    expect(gunzipSync(a).equals(Buffer.concat(first))).toBe(true);
    expect(gnuGunzip(b).equals(Buffer.concat(second))).toBe(true);
    expect(again.equals(a)).toBe(true);
  });

  it('when a byte of the text is not what the checksum covered, then decoders refuse it', () => {
    const member = new PartsGzip().gzip([text('a 1\n'.repeat(100))]);
    // The CRC-32 is the trailer's first four bytes.
    member[member.length - 8]! ^= 0xff;

    expect(() => gunzipSync(member)).toThrow(/incorrect data check/);
  });
});
