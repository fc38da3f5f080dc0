import { ReplayProgress } from '../projections/projection-runner';

export type ProgressOutput = {
  write: (text: string) => void;
  /** A terminal gets one bar redrawn in place; anything else a line now and then. */
  isTTY: boolean;
};

const BAR_WIDTH = 30;
/** A terminal is redrawn at most this often. */
const REDRAW_SECONDS = 0.1;
/** A log file or pipe gets a line this often. */
const LINE_SECONDS = 2;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** 0:42, 3:07, 1:02:03. */
export const formatDuration = (seconds: number): string => {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

/** What a progress line says: how far, how fast, how long still. */
export function describeProgress(progress: ReplayProgress) {
  const { position, head, events, seconds } = progress;
  const fraction = head > 0n ? Math.min(1, Number(position) / Number(head)) : 1;
  const rate = seconds > 0 ? events / seconds : 0;
  const remaining = head > position ? Number(head - position) : 0;
  const eta = remaining === 0 ? 0 : rate > 0 ? remaining / rate : null;
  return { fraction, rate, eta };
}

/**
 * Reports a replay's progress on stderr: on a terminal, one bar redrawn in
 * place with percentage, events/s and time left; elsewhere (a log, a pipe)
 * one line every couple of seconds, so logs stay readable.
 */
export class ProgressReporter {
  private lastShownAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly label: string,
  ) {}

  update(progress: ReplayProgress): void {
    const every = this.output.isTTY ? REDRAW_SECONDS : LINE_SECONDS;
    if (progress.seconds - this.lastShownAt < every) return;
    this.lastShownAt = progress.seconds;
    this.show(progress);
  }

  /** The last state, shown whatever the throttle says; ends the bar's line. */
  finish(progress: ReplayProgress): void {
    this.show(progress);
    if (this.output.isTTY && this.drawn) this.output.write('\n');
    this.drawn = false;
  }

  private show(progress: ReplayProgress): void {
    const { fraction, rate, eta } = describeProgress(progress);
    const percent = `${(fraction * 100).toFixed(1)}%`;
    const speed = `${count(rate)} events/s`;
    const left = eta === null ? 'ETA --:--' : `ETA ${formatDuration(eta)}`;
    const where = `${count(Number(progress.position))}/${count(Number(progress.head))}`;
    if (this.output.isTTY) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
      this.output.write(`\r${this.label} ${bar} ${percent.padStart(6)}  ${where}  ${speed}  ${left}\u001b[K`);
      this.drawn = true;
    } else {
      this.output.write(`${this.label}: ${percent} (position ${where}), ${speed}, ${left}\n`);
    }
  }
}

/** The closing line of a replay: how many events, how long, how fast. */
export const finalRate = (progress: ReplayProgress): string => {
  const { rate } = describeProgress(progress);
  return `${count(progress.events)} events in ${progress.seconds.toFixed(1)} s (${count(rate)} events/s)`;
};
