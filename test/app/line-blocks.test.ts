import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { type BlockSink, LineBlocks } from '../../app/line-blocks.js';
import { bufferedDestination } from '../../app/logger.js';

/** A sink that records what it is given. */
function recordingSink() {
  const calls: string[] = [];
  const sink: BlockSink = {
    write: (block) => calls.push(`write:${block}`),
    flush: (cb) => {
      calls.push('flush');
      cb?.();
    },
    flushSync: () => calls.push('flushSync'),
    end: () => calls.push('end'),
  };
  return { sink, calls };
}

const line = (n: number) => `{"n":${String(n).padStart(8, '0')}}\n`; // 15 characters

describe('log lines in blocks', () => {
  it('when lines come in, then the sink gets them only once a block is full, whole and in order', () => {
    const { sink, calls } = recordingSink();
    const blocks = new LineBlocks(sink, 45, 60_000);
    blocks.write(line(1));
    blocks.write(line(2));
    expect(calls).toEqual([]);
    blocks.write(line(3));
    blocks.write(line(4));
    expect(calls).toEqual([`write:${line(1)}${line(2)}${line(3)}`]);
    blocks.end();
    expect(calls.slice(1)).toEqual([`write:${line(4)}`, 'end']);
  });

  it('when a block is not full, then its lines still reach the sink within the flush interval', async () => {
    const { sink, calls } = recordingSink();
    const blocks = new LineBlocks(sink, 8192, 20);
    blocks.write(line(1));
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(10);
    expect(calls).toEqual([`write:${line(1)}`]);
    blocks.end();
  });

  it('when the logger is flushed, then pending lines go to the sink before its flush', () => {
    const { sink, calls } = recordingSink();
    const blocks = new LineBlocks(sink, 8192, 60_000);
    blocks.write(line(1));
    let flushed = false;
    blocks.flush(() => {
      flushed = true;
    });
    blocks.flushSync();
    expect(calls).toEqual([`write:${line(1)}`, 'flush', 'flushSync']);
    expect(flushed).toBe(true);
    blocks.end();
  });

  it('when SonicBoom writes the lines, then it is handed one string per block, not one per line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'line-blocks-')), 'out.log');
    const sonic = pino.destination({ dest: file, sync: true });
    // SonicBoom measures its whole pending buffer on every call: the calls are what must be few.
    let calls = 0;
    const write = sonic.write.bind(sonic);
    sonic.write = (block: string) => {
      calls++;
      return write(block);
    };
    const blocks = new LineBlocks(sonic, 1500, 60_000);
    for (let n = 0; n < 1000; n++) blocks.write(line(n));
    expect(readFileSync(file, 'utf8')).toBe(Array.from({ length: 1000 }, (_, n) => line(n)).join(''));
    expect(calls).toBe(10); // 15,000 characters in blocks of 1,500
    blocks.end();
  });

  it('when a block fills, then it is in the file before the write that filled it returns', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'line-blocks-')), 'out.log');
    const destination = bufferedDestination(file);
    // Nothing in the thread pool: a line never waits there, however busy the event loop.
    const lines = Array.from({ length: 547 }, (_, n) => line(n)); // 8,205 characters: one block
    for (const l of lines) destination.write(l);
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    destination.write(line(547));
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    (destination as LineBlocks).end();
    expect(readFileSync(file, 'utf8')).toBe([...lines, line(547)].join(''));
  });

  it('when the process exits with lines still pending, then they are written first', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'line-blocks-')), 'out.log');
    const script = `
      import { bufferedDestination, createLogger } from ${JSON.stringify(new URL('../../app/logger.ts', import.meta.url).href)};
      const logger = createLogger({ level: 'info', pretty: false, base: {} }, bufferedDestination(process.argv[1]));
      logger.info('first');
      setImmediate(() => { logger.info('last words'); process.exit(3); });
    `;
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file], {
        stdio: 'pipe',
      });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(3);
    const msgs = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs).toEqual(['first', 'last words']);
  });

  it('when the buffered destination is built, then it gathers lines in front of SonicBoom', () => {
    const destination = bufferedDestination('/dev/null');
    expect(destination).toBeInstanceOf(LineBlocks);
    (destination as LineBlocks).end();
  });
});
