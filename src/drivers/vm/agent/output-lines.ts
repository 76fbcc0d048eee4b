/**
 * A command's output as it streams in: split into complete lines for `onLine` (UTF-8 decoded
 * across chunk boundaries, `\r\n` and `\n` both end a line) and a bounded tail for results.
 */
import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into lines; `end()` flushes a last line without a newline. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.emit(this.decoder.write(chunk));
  }

  end(): void {
    this.emit(this.decoder.end());
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
  }

  private emit(text: string): void {
    if (text === '') return;
    const parts = (this.pending + text).split('\n');
    this.pending = parts.pop() as string;
    for (const part of parts) this.onLine(part.endsWith('\r') ? part.slice(0, -1) : part);
  }
}

/** The last `limit` bytes of a stream (64 KiB by default). */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = 64 * 1024) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      this.size -= (this.chunks.shift() as Buffer).length;
    }
  }

  /** The tail as text (a multi-byte character cut at the start is dropped). */
  text(): string {
    const all = Buffer.concat(this.chunks);
    const tail = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    let start = 0;
    // skip UTF-8 continuation bytes of a character cut at the tail's start
    while (start < tail.length && start < 3 && (tail[start] & 0xc0) === 0x80) start += 1;
    return tail.subarray(start).toString('utf8');
  }
}

/** The last `count` non-empty lines of `text`. */
export function lastLines(text: string, count: number): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '')
    .slice(-count);
}
