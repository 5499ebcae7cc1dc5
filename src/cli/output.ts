// Writing to stdout with backpressure (large JSONL streams) and nothing else on it.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class Output {
  constructor(private readonly stream: Writable = process.stdout) {}
  async line(s: string): Promise<void> {
    if (!this.stream.write(`${s}\n`)) await once(this.stream, 'drain');
  }
  get isTTY(): boolean {
    return (this.stream as { isTTY?: boolean }).isTTY === true;
  }
}
