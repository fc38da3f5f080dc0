/**
 * BullMQ builds Redis keys as `<prefix>:<queue>:<jobId>`, so a queue name must
 * not contain ':' and a custom job id must neither contain ':' nor read as an
 * integer (those are reserved for its own counter ids). Our ids are free-form
 * ('payment:order-1'), so they are escaped reversibly: '%' -> '%25',
 * ':' -> '%3A', and an integer-looking id gets the prefix '%N', which escaping
 * alone never produces. Distinct ids stay distinct.
 */
const escapeColons = (text: string): string => text.replace(/%/g, '%25').replace(/:/g, '%3A');

const unescapeColons = (text: string): string => text.replace(/%(25|3A)/g, (escape) => (escape === '%25' ? '%' : ':'));

/** BullMQ's own test (job.ts): `${parseInt(id, 10)}` === id. */
const readsAsInteger = (text: string): boolean => `${parseInt(text, 10)}` === text;

const INTEGER_MARK = '%N';

export const toBullJobId = (id: string): string => {
  const escaped = escapeColons(id);
  return readsAsInteger(escaped) ? `${INTEGER_MARK}${escaped}` : escaped;
};

export const fromBullJobId = (jobId: string): string =>
  unescapeColons(jobId.startsWith(INTEGER_MARK) ? jobId.slice(INTEGER_MARK.length) : jobId);

export const toQueueName = (jobName: string): string => escapeColons(jobName);
