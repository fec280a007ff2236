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

interface Entry {
  readonly labels: string;
  readonly offset: number;
  /** The last whole copy of the slot: used again when the writer keeps it busy. */
  readonly snapshot: Float64Array;
}

/** How often a reader re-reads a slot the writer is inside before it falls back on the last whole copy. */
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

  /** The four families, each line ending in `\n`. */
  render(): string {
    this.readDirectory();
    const { help, durationBounds, sizeBounds } = this.layout;
    const statuses = this.statuses.map((e) => [e.labels, this.read(e)] as const);
    const routes = this.routes.map((e) => [e.labels, this.read(e)] as const);
    const durationAt = 1;
    let out = header('http_requests_total', help.requests, 'counter');
    // The duration histogram's count is the request count: one number, so the two always agree.
    for (const [labels, v] of statuses) out += `http_requests_total{${labels}} ${v[durationAt + 1]}\n`;
    out += header('http_request_duration_seconds', help.duration, 'histogram');
    for (const [labels, v] of statuses)
      out += histogramLines('http_request_duration_seconds', labels, durationBounds, v, durationAt);
    const responseAt = 1 + histogramLength(sizeBounds);
    out += header('http_request_size_bytes', help.requestSize, 'histogram');
    for (const [labels, v] of routes)
      out += histogramLines('http_request_size_bytes', labels, sizeBounds, v, 1);
    out += header('http_response_size_bytes', help.responseSize, 'histogram');
    for (const [labels, v] of routes)
      out += histogramLines('http_response_size_bytes', labels, sizeBounds, v, responseAt);
    return out;
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
      const entry = { labels, offset, snapshot: new Float64Array(slotLength(this.layout, kind as 0 | 1)) };
      (kind === statusSlot ? this.statuses : kind === routeSlot ? this.routes : []).push(entry);
      this.parsed = at + entryHeaderBytes + length;
    }
  }

  /** A whole copy of the slot (seqlock read), or the previous one if the writer stays inside it. */
  private read(entry: Entry): Float64Array {
    const seq = entry.offset * 2;
    const length = entry.snapshot.length;
    for (let i = 0; i < attempts; i++) {
      const before = Atomics.load(this.sequences, seq);
      if (before % 2 === 1) continue;
      const copy = this.values.slice(entry.offset, entry.offset + length);
      if (Atomics.load(this.sequences, seq) === before) {
        entry.snapshot.set(copy);
        break;
      }
    }
    return entry.snapshot;
  }
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${name} ${type}\n`;
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
): string {
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += v[at + 2 + i]!;
    out += `${name}_bucket{le="${bounds[i]}",${labels}} ${cumulative}\n`;
  }
  const count = v[at + 1]!;
  out += `${name}_bucket{le="+Inf",${labels}} ${count}\n`;
  out += `${name}_sum{${labels}} ${formatValue(v[at]!)}\n`;
  out += `${name}_count{${labels}} ${count}\n`;
  return out;
}
