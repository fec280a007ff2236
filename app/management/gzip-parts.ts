import { constants, crc32, deflateRawSync } from 'node:zlib';

/** RFC 1952 member header: deflate, no flags, no mtime, no extra flags, OS unknown. */
const memberHeader = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** RFC 1951: an empty final block (BFINAL=1, fixed Huffman, end-of-block code alone). */
const finalBlock = Buffer.from([0x03, 0x00]);

/**
 * One gzip member from a text given in parts, compressing again only the parts
 * it has not seen. Each part is deflated on its own and ended with a sync
 * flush (an empty stored block), so it ends on a byte boundary, is not final
 * and refers to nothing before it: the parts' deflate data can be laid end to
 * end, as pigz does, and the whole is one ordinary gzip member that any
 * decoder reads. The checksum still covers every byte of the text (zlib's
 * crc32, continued part after part).
 *
 * Why: at ~10k series the exposition is ~1 MB, and gzip was most of a
 * scrape's work (README, "Performance"). Between two scrapes most of the
 * series do not change, and SeriesText.parts() hands back the very same Buffer
 * for those, so their deflate data is reused. Keyed weakly: a part no longer
 * handed out is forgotten with it.
 */
export class PartsGzip {
  private readonly deflated = new WeakMap<Buffer, Buffer>();

  constructor(private readonly level = 1) {}

  gzip(parts: readonly Buffer[]): Buffer {
    const out: Buffer[] = [memberHeader];
    let crc = 0;
    let size = 0;
    for (const part of parts) {
      if (part.length === 0) continue;
      let data = this.deflated.get(part);
      if (!data) {
        data = deflateRawSync(part, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH });
        this.deflated.set(part, data);
      }
      out.push(data);
      crc = crc32(part, crc);
      size += part.length;
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    // ISIZE is the length modulo 2^32.
    trailer.writeUInt32LE(size % 2 ** 32, 4);
    out.push(finalBlock, trailer);
    return Buffer.concat(out);
  }
}
