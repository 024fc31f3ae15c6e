// The baseline both IATI benchmarks compare against (bench-iati-parse, bench-import): the bare saxes parse of the
// same bytes, read the same way (64 KiB chunks decoded as UTF-8), with no-op handlers.
import { TextDecoder } from 'node:util';
import { SaxesParser } from 'saxes';

const CHUNK = 64 * 1024;
export function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let i = 0; i < buffer.length; i += CHUNK) yield buffer.subarray(i, i + CHUNK);
}

/** Parses every buffer with saxes alone; returns the number of elements seen. A malformed file stops there. */
export function bareSaxes(buffers: readonly Buffer[]): number {
  let elements = 0;
  for (const buffer of buffers) {
    const parser = new SaxesParser({ xmlns: false, position: true });
    parser.on('opentag', () => {
      elements++;
    });
    parser.on('text', () => {});
    parser.on('closetag', () => {});
    parser.on('error', () => {
      throw new Error('stop');
    });
    const decoder = new TextDecoder('utf-8');
    try {
      for (const chunk of chunks(buffer)) parser.write(decoder.decode(chunk, { stream: true }));
      parser.close();
    } catch {
      // a malformed file stops here, as it stops our parser and the import
    }
  }
  return elements;
}
