/**
 * A gate a step waits at until the test opens it: `wait()` is what the step
 * awaits, `reached` settles once a step first arrives there.
 */
export type Gate = { wait(): Promise<void>; reached: Promise<void>; open(): void };

export const gate = (): Gate => {
  let open!: () => void;
  let arrive!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return {
    wait: () => {
      arrive();
      return opened;
    },
    reached,
    open: () => open(),
  };
};
