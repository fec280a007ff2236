import {
  directoryHeaderBytes,
  entryHeaderBytes,
  histogramLength,
  routeSlot,
  type SeriesLayout,
  type SeriesMemory,
  slotLength,
  statusSlot,
} from './request-series.js';

/** UTF-8, ready to send: a scrape then only copies bytes for the series that did not change. */
type Lines = readonly [Buffer, Buffer];

interface Entry {
  readonly labels: string;
  readonly offset: number;
  readonly length: number;
  /** Its lines in its two families from a copy of the slot: [sequence, sum, count, buckets…]. */
  readonly format: (v: Float64Array) => Lines;
  /** The slot's sequence when `text` was written: a slot the writer has not touched since keeps it. */
  sequence: number;
  text: Lines;
}

/** How often a reader re-reads a slot the writer is inside before it keeps the previous text. */
const attempts = 64;

/**
 * Series per block: the unit joined, and compressed (management/gzip-parts.ts), again when one
 * of its series changes. At 16, ~20 KB of duration-histogram text: a busy route costs ~0.3 ms
 * to redo, and the gzipped exposition at ~10k series is ~47 KB instead of ~37 KB whole.
 */
const blockSize = 16;

/** One list of entries (per status, or per route) and its text joined by block, per family. */
class Blocks {
  readonly entries: Entry[] = [];
  /** Per block, the joined [first family, second family] text; undefined once a member changed. */
  private readonly joined: (Lines | undefined)[] = [];

  add(entry: Entry): void {
    this.entries.push(entry);
    this.changed(this.entries.length - 1);
  }

  changed(index: number): void {
    this.joined[Math.floor(index / blockSize)] = undefined;
  }

  /** The blocks' text in one family (0 or 1): the same Buffer objects while nothing in them changes. */
  family(which: 0 | 1): Buffer[] {
    const out: Buffer[] = [];
    for (let b = 0; b * blockSize < this.entries.length; b++) {
      let lines = this.joined[b];
      if (!lines) {
        const members = this.entries.slice(b * blockSize, (b + 1) * blockSize);
        lines = [Buffer.concat(members.map((e) => e.text[0])), Buffer.concat(members.map((e) => e.text[1]))];
        this.joined[b] = lines;
      }
      out.push(lines[which]);
    }
    return out;
  }
}

/**
 * Writes the RED families of a RequestSeries' memory in the text exposition
 * format. It runs on whichever thread holds the memory: the main thread for
 * /metrics on the API port, the management worker for the management port.
 */
export class SeriesText {
  private readonly values: Float64Array;
  private readonly sequences: Int32Array;
  private readonly directory: Uint8Array;
  private readonly published: Int32Array;
  private readonly decoder = new TextDecoder();
  private parsed = directoryHeaderBytes;
  private readonly statuses = new Blocks();
  private readonly routes = new Blocks();
  private readonly headers: readonly Buffer[];

  constructor(
    memory: SeriesMemory,
    private readonly layout: SeriesLayout,
  ) {
    this.values = new Float64Array(memory.values);
    this.sequences = new Int32Array(memory.values);
    this.directory = new Uint8Array(memory.directory);
    this.published = new Int32Array(memory.directory, 0, 1);
    const { help } = layout;
    this.headers = [
      header('http_requests_total', help.requests, 'counter'),
      header('http_request_duration_seconds', help.duration, 'histogram'),
      header('http_request_size_bytes', help.requestSize, 'histogram'),
      header('http_response_size_bytes', help.responseSize, 'histogram'),
    ];
  }

  /** The four families, each line ending in `\n`. */
  render(): Buffer {
    return Buffer.concat(this.parts());
  }

  /**
   * The same text as render(), in parts. Only series written to since the
   * last call are formatted again, and only the blocks that hold them are
   * joined again: on a pod with thousands of series most stay idle between
   * two scrapes, and every part without a change is the very Buffer it was
   * last time, which lets a caller keep work done on it (its gzip).
   */
  parts(): Buffer[] {
    this.readDirectory();
    for (const blocks of [this.statuses, this.routes])
      for (let i = 0; i < blocks.entries.length; i++) if (this.refresh(blocks.entries[i]!)) blocks.changed(i);
    const [requests, duration, requestSize, responseSize] = this.headers;
    return [
      requests!,
      ...this.statuses.family(0),
      duration!,
      ...this.statuses.family(1),
      requestSize!,
      ...this.routes.family(0),
      responseSize!,
      ...this.routes.family(1),
    ];
  }

  private readDirectory(): void {
    const end = Atomics.load(this.published, 0);
    const view = new DataView(this.directory.buffer);
    while (this.parsed < end) {
      const at = this.parsed;
      const offset = view.getUint32(at, true);
      const kind = view.getUint8(at + 4);
      const length = view.getUint16(at + 5, true);
      // slice(): TextDecoder does not read shared memory directly.
      const labels = this.decoder.decode(
        this.directory.slice(at + entryHeaderBytes, at + entryHeaderBytes + length),
      );
      this.parsed = at + entryHeaderBytes + length;
      if (kind === statusSlot) this.statuses.add(this.entry(labels, offset, statusSlot));
      else if (kind === routeSlot) this.routes.add(this.entry(labels, offset, routeSlot));
    }
  }

  private entry(labels: string, offset: number, kind: typeof statusSlot | typeof routeSlot): Entry {
    const { durationBounds, sizeBounds } = this.layout;
    const responseAt = 1 + histogramLength(sizeBounds);
    const format =
      kind === statusSlot
        ? (v: Float64Array): Lines => [
            // The duration histogram's count is the request count: one number, so the two always agree.
            Buffer.from(`http_requests_total{${labels}} ${v[2]}\n`),
            histogramLines('http_request_duration_seconds', labels, durationBounds, v, 1),
          ]
        : (v: Float64Array): Lines => [
            histogramLines('http_request_size_bytes', labels, sizeBounds, v, 1),
            histogramLines('http_response_size_bytes', labels, sizeBounds, v, responseAt),
          ];
    const length = slotLength(this.layout, kind);
    // Zeros until the first whole read: a series is never missing from the text.
    return { labels, offset, length, format, sequence: -1, text: format(new Float64Array(length)) };
  }

  /**
   * Formats the entry again if the writer has been in its slot since the last
   * time, from a whole copy (seqlock read), and says whether it did. If the
   * writer stays inside the slot for every attempt, the previous text stands:
   * one scrape late, never torn.
   */
  private refresh(entry: Entry): boolean {
    const seq = entry.offset * 2;
    for (let i = 0; i < attempts; i++) {
      const before = Atomics.load(this.sequences, seq);
      if (before === entry.sequence) return false;
      if (before % 2 === 1) continue;
      const copy = this.values.slice(entry.offset, entry.offset + entry.length);
      if (Atomics.load(this.sequences, seq) === before) {
        entry.text = entry.format(copy);
        entry.sequence = before;
        return true;
      }
    }
    return false;
  }
}

function header(name: string, help: string, type: string): Buffer {
  return Buffer.from(
    `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`,
  );
}

/** A sample value as the text format writes it (Go's ParseFloat reads every one back). */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

/** One histogram from `v[at…]` = [sum, count, non-cumulative buckets…, +Inf]. */
function histogramLines(
  name: string,
  labels: string,
  bounds: readonly number[],
  v: Float64Array,
  at: number,
): Buffer {
  const lines: string[] = [];
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += v[at + 2 + i]!;
    lines.push(`${name}_bucket{le="${bounds[i]}",${labels}} ${cumulative}\n`);
  }
  const count = v[at + 1]!;
  lines.push(
    `${name}_bucket{le="+Inf",${labels}} ${count}\n`,
    `${name}_sum{${labels}} ${formatValue(v[at]!)}\n`,
    `${name}_count{${labels}} ${count}\n`,
  );
  return Buffer.from(lines.join(''));
}
