// Progress for long work (import, export, seed) on a terminal: a bar on stderr. Not attached to a terminal, nothing
// is drawn, so piped output stays machine-readable.
import { SingleBar, Presets } from 'cli-progress';
import type { CliIo } from './command.js';

export interface Progress {
  /** Sets the total when it becomes known (0: unknown). */
  total(n: number): void;
  advance(n?: number): void;
  stop(): void;
}

export function progress(io: CliIo, label: string): Progress {
  if (!io.interactive) return { total() {}, advance() {}, stop() {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {percentage}% {eta_formatted}`, stream: io.stderr as NodeJS.WriteStream, hideCursor: true }, Presets.shades_classic);
  bar.start(0, 0);
  return {
    total: (n) => bar.setTotal(n),
    advance: (n = 1) => bar.increment(n),
    stop: () => bar.stop(),
  };
}
