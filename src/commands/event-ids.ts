import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

const DETERMINISTIC_NAMESPACE = '6f0c2a4e-8d3b-4f6a-9c1e-2b7d5e8f9a10';

/**
 * Ids for the events one decision produces. A seed (for instance the id of the
 * event that caused a process-manager step, plus the step) makes them
 * deterministic, so a redelivered step appends nothing new.
 */
export const eventIdsFor = (count: number, seed?: string): string[] =>
  Array.from({ length: count }, (_, index) =>
    seed === undefined ? uuidv7() : uuidv5(`${seed}#${index}`, DETERMINISTIC_NAMESPACE),
  );

/** A deterministic uuid for anything else derived from a seed (job ids, reservation ids). */
export const deterministicId = (seed: string): string => uuidv5(seed, DETERMINISTIC_NAMESPACE);
