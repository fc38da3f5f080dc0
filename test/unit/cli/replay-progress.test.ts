import { describeProgress, finalRate, formatDuration, ProgressReporter } from '../../../src/cli/progress';

const at = (seconds: number, position: number, head = 1_000_000) => ({ position: BigInt(position), head: BigInt(head), events: position, seconds });

describe('replay progress', () => {
  const capture = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, reporter: new ProgressReporter({ write: (text) => written.push(text), isTTY }, 'replay') };
  };

  it('says how far, how fast and how long still', () => {
    expect(describeProgress(at(4, 250_000))).toEqual({ fraction: 0.25, rate: 62_500, eta: 12 });
    expect(describeProgress(at(0, 0))).toEqual({ fraction: 0, rate: 0, eta: null });
    expect(describeProgress(at(1, 0, 0))).toEqual({ fraction: 1, rate: 0, eta: 0 });
    expect(formatDuration(9.4)).toBe('0:09');
    expect(formatDuration(187)).toBe('3:07');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('writes a line every two seconds or so when stderr is not a terminal, and the last state at the end', () => {
    const { written, reporter } = capture(false);
    for (const [seconds, position] of [[0.5, 50_000], [1.9, 190_000], [2.6, 260_000], [3, 300_000], [4.7, 470_000], [5, 500_000]] as const) {
      reporter.update(at(seconds, position));
    }
    reporter.finish(at(10, 1_000_000));
    expect(written).toEqual([
      'replay: 5.0% (position 50,000/1,000,000), 100,000 events/s, ETA 0:10\n',
      'replay: 26.0% (position 260,000/1,000,000), 100,000 events/s, ETA 0:07\n',
      'replay: 47.0% (position 470,000/1,000,000), 100,000 events/s, ETA 0:05\n',
      'replay: 100.0% (position 1,000,000/1,000,000), 100,000 events/s, ETA 0:00\n',
    ]);
  });

  it('redraws one bar in place on a terminal, at most ten times a second, and ends its line when done', () => {
    const { written, reporter } = capture(true);
    reporter.update(at(0.5, 500_000));
    reporter.update(at(0.55, 550_000));
    reporter.finish(at(1, 1_000_000));
    expect(written).toEqual([
      `\rreplay [${'#'.repeat(15)}${'-'.repeat(15)}]  50.0%  500,000/1,000,000  1,000,000 events/s  ETA 0:01\u001b[K`,
      `\rreplay [${'#'.repeat(30)}] 100.0%  1,000,000/1,000,000  1,000,000 events/s  ETA 0:00\u001b[K`,
      '\n',
    ]);
  });

  it('closes with the number of events, the time and the rate', () => {
    expect(finalRate(at(8, 1_000_000))).toBe('1,000,000 events in 8.0 s (125,000 events/s)');
  });
});
