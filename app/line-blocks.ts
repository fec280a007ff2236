import onExit from 'on-exit-leak-free';
import type { DestinationStream } from 'pino';

/** What LineBlocks needs of SonicBoom (pino.destination). */
export interface BlockSink {
  write(block: string): unknown;
  flush(cb?: (err?: Error) => void): void;
  flushSync(): void;
  end(): void;
}

/**
 * Log lines gathered into blocks before SonicBoom sees them. SonicBoom's
 * write measures the UTF-8 length of its whole pending buffer, and measuring
 * a string built by `+=` flattens it: with lines held back until 8 KiB, every
 * line copied the buffer so far, ~2 µs and ~7 KB of garbage a line here.
 * Measuring once a block, here, costs one copy per block.
 *
 * A block goes to the sink once it holds `blockLength` characters, and at
 * least every `flushMs`; whatever is left is written synchronously on exit.
 */
export class LineBlocks implements DestinationStream {
  private pending = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: BlockSink,
    private readonly blockLength: number,
    flushMs: number,
  ) {
    this.timer = setInterval(() => this.release(), flushMs).unref();
    // An asynchronous sink has pino's own exit hook, registered before this one and so run first: older lines first.
    onExit.register(this, (blocks: LineBlocks) => blocks.flushSync());
  }

  write(line: string): void {
    this.pending += line;
    if (this.pending.length >= this.blockLength) this.release();
  }

  /** Calls back once everything written so far has reached the file descriptor. */
  flush(cb?: (err?: Error) => void): void {
    this.release();
    this.sink.flush(cb);
  }

  flushSync(): void {
    this.release();
    this.sink.flushSync();
  }

  end(): void {
    clearInterval(this.timer);
    onExit.unregister(this);
    this.release();
    this.sink.end();
  }

  private release(): void {
    if (this.pending === '') return;
    const block = this.pending;
    this.pending = '';
    this.sink.write(block);
  }
}
