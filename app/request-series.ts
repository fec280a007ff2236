/**
 * The four RED families (requests, duration, request and response size), kept
 * as plain numbers per label set in shared memory and written straight to the
 * Prometheus text format by ./series-text.ts.
 *
 * Why not prom-client's Counter and Histogram: every observe() there validates
 * and hashes the label set into a new string, and every scrape builds an
 * object per bucket line. In the benchmark (README, "Performance") that was
 * ~17 µs of CPU per request for the four observations and ~50 ms of event-loop
 * time per scrape at ~10k series. Here a request costs two Map lookups keyed
 * by strings the router and HTTP parser already interned, and a few additions.
 *
 * Why shared memory: the management worker (app/management/) renders these
 * families for /metrics on its own thread, so a scrape neither waits behind a
 * saturated event loop nor adds to it. The main thread is the only writer.
 * prom-client still owns the registry, the default metrics and every other
 * family, and the parity test (test/app/request-series.test.ts) checks this
 * text against prom-client's own for the same observations.
 */

export interface FamilyHelp {
  readonly requests: string;
  readonly duration: string;
  readonly requestSize: string;
  readonly responseSize: string;
}

/** What a reader must know besides the memory: structured-cloneable, so it crosses to a worker. */
export interface SeriesLayout {
  readonly help: FamilyHelp;
  readonly durationBounds: readonly number[];
  readonly sizeBounds: readonly number[];
}

/**
 * Where the series live. `values` holds one slot of float64s per label set;
 * `directory` lists the label sets, appended as they first appear. Both are
 * growable SharedArrayBuffers, so a worker that received them once sees every
 * later series.
 */
export interface SeriesMemory {
  readonly values: SharedArrayBuffer;
  readonly directory: SharedArrayBuffer;
}

/** The memory and its layout together: what a reader on another thread is handed. */
export interface SharedSeries {
  readonly memory: SeriesMemory;
  readonly layout: SeriesLayout;
}

/** A slot per (method, route, status): the duration histogram, whose count is the request count. */
export const statusSlot = 0;
/** A slot per (method, route): the request and response size histograms. */
export const routeSlot = 1;

/**
 * Slot layout, in float64s: [sequence, sum, count, bucket 0 … bucket n (+Inf)] per histogram;
 * the sequence is odd while the writer is inside the slot (a seqlock), so a reader on another
 * thread can tell a torn copy from a whole one.
 */
export function histogramLength(bounds: readonly number[]): number {
  return 2 + bounds.length + 1;
}

export function slotLength(layout: SeriesLayout, kind: typeof statusSlot | typeof routeSlot): number {
  return (
    1 +
    (kind === statusSlot ? 1 : 2) *
      histogramLength(kind === statusSlot ? layout.durationBounds : layout.sizeBounds)
  );
}

/** Directory: int32 published byte length, then entries [u32 slot offset][u8 kind][u16 length][UTF-8 labels]. */
export const directoryHeaderBytes = 4;
export const entryHeaderBytes = 7;

/** Prometheus text-format escaping of a label value: backslash, double quote, line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

interface RouteSeries {
  readonly labels: string;
  readonly offset: number;
  readonly byStatus: Map<number, number>;
}

/** Bounds on the shared buffers: far beyond what bounded labels can reach, reserved, not resident. */
const defaultMaxBytes = { values: 64 * 1024 * 1024, directory: 16 * 1024 * 1024 };

export class RequestSeries {
  readonly memory: SeriesMemory;
  /** route → method → series: both keys are strings Express and the HTTP parser reuse. */
  private readonly byRoute = new Map<string, Map<string, RouteSeries>>();
  private values!: Float64Array;
  private sequences!: Int32Array;
  private readonly directoryBytes: Uint8Array;
  private readonly directoryView: DataView;
  private readonly published: Int32Array;
  private usedValues = 0;
  private readonly encoder = new TextEncoder();
  /** Label sets that found no room (the buffers' maximum): not recorded, and counted here. */
  dropped = 0;

  constructor(
    readonly layout: SeriesLayout,
    maxBytes: { readonly values: number; readonly directory: number } = defaultMaxBytes,
  ) {
    const values = new SharedArrayBuffer(64 * 1024, { maxByteLength: maxBytes.values });
    const directory = new SharedArrayBuffer(16 * 1024, { maxByteLength: maxBytes.directory });
    this.memory = { values, directory };
    this.viewValues();
    // Length-tracking views: they follow the buffer as it grows, and are read only when a series is added.
    this.directoryBytes = new Uint8Array(directory);
    this.directoryView = new DataView(directory);
    this.published = new Int32Array(directory, 0, 1);
    Atomics.store(this.published, 0, directoryHeaderBytes);
  }

  record(
    method: string,
    route: string,
    status: number,
    seconds: number,
    requestBytes: number,
    responseBytes: number,
  ): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) {
      byMethod = new Map();
      this.byRoute.set(route, byMethod);
    }
    let series = byMethod.get(method);
    if (!series) {
      const labels = `method="${escapeLabelValue(method)}",route="${escapeLabelValue(route)}"`;
      const offset = this.allocate(routeSlot, labels);
      if (offset === undefined) return;
      series = { labels, offset, byStatus: new Map() };
      byMethod.set(method, series);
    }
    let statusOffset = series.byStatus.get(status);
    if (statusOffset === undefined) {
      statusOffset = this.allocate(statusSlot, `${series.labels},status_code="${status}"`);
      if (statusOffset === undefined) return;
      series.byStatus.set(status, statusOffset);
    }
    const sizeLength = histogramLength(this.layout.sizeBounds);
    this.enter(statusOffset);
    this.observe(statusOffset + 1, this.layout.durationBounds, seconds);
    this.leave(statusOffset);
    this.enter(series.offset);
    this.observe(series.offset + 1, this.layout.sizeBounds, requestBytes);
    this.observe(series.offset + 1 + sizeLength, this.layout.sizeBounds, responseBytes);
    this.leave(series.offset);
  }

  /**
   * Fixed-length views of `values`, made again whenever it grows. A length-tracking view
   * of a growable buffer asks the runtime for the buffer's length on every access: in
   * the benchmark's profile ~0.6 µs a request, five times the cost of the recording.
   */
  private viewValues(): void {
    const values = this.memory.values;
    this.values = new Float64Array(values, 0, values.byteLength / Float64Array.BYTES_PER_ELEMENT);
    this.sequences = new Int32Array(values, 0, values.byteLength / Int32Array.BYTES_PER_ELEMENT);
  }

  private enter(offset: number): void {
    Atomics.add(this.sequences, offset * 2, 1);
  }

  private leave(offset: number): void {
    Atomics.add(this.sequences, offset * 2, 1);
  }

  /** Adds one observation to the histogram at `at`: [sum, count, buckets…]. */
  private observe(at: number, bounds: readonly number[], value: number): void {
    const v = this.values;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    v[at] = v[at]! + value;
    v[at + 1] = v[at + 1]! + 1;
    v[at + 2 + i] = v[at + 2 + i]! + 1;
  }

  /** Reserves a zeroed slot and publishes its labels; undefined when the buffers are full. */
  private allocate(kind: typeof statusSlot | typeof routeSlot, labels: string): number | undefined {
    const offset = this.usedValues;
    const length = slotLength(this.layout, kind);
    const encoded = this.encoder.encode(labels);
    const at = Atomics.load(this.published, 0);
    const end = at + entryHeaderBytes + encoded.length;
    const valuesBytes = this.memory.values.byteLength;
    if (
      encoded.length > 0xffff ||
      !fits(this.memory.values, (offset + length) * 8) ||
      !fits(this.memory.directory, end)
    ) {
      this.dropped++;
      return undefined;
    }
    if (this.memory.values.byteLength !== valuesBytes) this.viewValues();
    this.usedValues += length;
    this.directoryView.setUint32(at, offset, true);
    this.directoryView.setUint8(at + 4, kind);
    this.directoryView.setUint16(at + 5, encoded.length, true);
    this.directoryBytes.set(encoded, at + entryHeaderBytes);
    // Published last: a reader sees the entry only once it is whole.
    Atomics.store(this.published, 0, end);
    return offset;
  }
}

/** Grows `buffer` to hold `bytes` (doubling), or says it cannot. */
function fits(buffer: SharedArrayBuffer, bytes: number): boolean {
  if (bytes <= buffer.byteLength) return true;
  if (bytes > buffer.maxByteLength) return false;
  buffer.grow(Math.min(buffer.maxByteLength, Math.max(bytes, buffer.byteLength * 2)));
  return true;
}
