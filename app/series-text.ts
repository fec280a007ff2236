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
  private readonly statuses: Entry[] = [];
  private readonly routes: Entry[] = [];

  constructor(
    memory: SeriesMemory,
    private readonly layout: SeriesLayout,
  ) {
    this.values = new Float64Array(memory.values);
    this.sequences = new Int32Array(memory.values);
    this.directory = new Uint8Array(memory.directory);
    this.published = new Int32Array(memory.directory, 0, 1);
  }

  /**
   * The four families, each line ending in `\n`. Only series written to since
   * the last call are formatted again: on a pod with thousands of series most
   * stay idle between two scrapes, and their text is reused as it was.
   */
  render(): Buffer {
    this.readDirectory();
    for (const e of this.statuses) this.refresh(e);
    for (const e of this.routes) this.refresh(e);
    const { help } = this.layout;
    return Buffer.concat([
      header('http_requests_total', help.requests, 'counter'),
      ...this.statuses.map((e) => e.text[0]),
      header('http_request_duration_seconds', help.duration, 'histogram'),
      ...this.statuses.map((e) => e.text[1]),
      header('http_request_size_bytes', help.requestSize, 'histogram'),
      ...this.routes.map((e) => e.text[0]),
      header('http_response_size_bytes', help.responseSize, 'histogram'),
      ...this.routes.map((e) => e.text[1]),
    ]);
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
      if (kind === statusSlot) this.statuses.push(this.entry(labels, offset, statusSlot));
      else if (kind === routeSlot) this.routes.push(this.entry(labels, offset, routeSlot));
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
   * time, from a whole copy (seqlock read). If the writer stays inside the slot
   * for every attempt, the previous text stands: one scrape late, never torn.
   */
  private refresh(entry: Entry): void {
    const seq = entry.offset * 2;
    for (let i = 0; i < attempts; i++) {
      const before = Atomics.load(this.sequences, seq);
      if (before === entry.sequence) return;
      if (before % 2 === 1) continue;
      const copy = this.values.slice(entry.offset, entry.offset + entry.length);
      if (Atomics.load(this.sequences, seq) === before) {
        entry.text = entry.format(copy);
        entry.sequence = before;
        return;
      }
    }
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
