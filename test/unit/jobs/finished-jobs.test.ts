import { FinishedJobs } from '../../../src/infrastructure/jobs/finished-jobs';

describe('FinishedJobs', () => {
  it('remembers finished keys and counts them by outcome', () => {
    const finished = new FinishedJobs(10);
    finished.remember('a', 'completed');
    finished.remember('b', 'failed');
    expect([finished.has('a'), finished.has('b'), finished.has('c')]).toEqual([true, true, false]);
    expect([finished.count('completed'), finished.count('failed')]).toEqual([1, 1]);
  });

  it('forgets the oldest key beyond its capacity, keeping counts right', () => {
    const finished = new FinishedJobs(2);
    finished.remember('a', 'failed');
    finished.remember('b', 'completed');
    finished.remember('c', 'completed');
    expect(finished.has('a')).toBe(false);
    expect([finished.count('completed'), finished.count('failed')]).toEqual([2, 0]);
  });

  it('counts a key remembered twice once, under its latest outcome', () => {
    const finished = new FinishedJobs(2);
    finished.remember('a', 'failed');
    finished.remember('a', 'completed');
    expect([finished.count('completed'), finished.count('failed')]).toEqual([1, 0]);
  });
});
