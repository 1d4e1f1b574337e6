/**
 * A fake terminal/log stream for ProgressBar tests: records every write; `isTTY` and `columns`
 * as given.
 */

import type { ProgressStream } from '../../../src/diagnostics/progress-bar.js';

export class FakeStream implements ProgressStream {
  readonly writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns?: number,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
  /** Everything written, joined. */
  get text(): string {
    return this.writes.join('');
  }
}
