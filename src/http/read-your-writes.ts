import { HttpProblem } from './problem';

export const MIN_POSITION_WAIT_MS = 5000;

/**
 * Honours OMS-Min-Position: waits (no polling: the projection runner wakes
 * us) until the read models have applied that position, or answers 503.
 */
export async function waitForReadModels(
  header: string | string[] | undefined,
  readModels: { waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> },
  timeoutMs = MIN_POSITION_WAIT_MS,
): Promise<void> {
  if (header === undefined) return;
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !/^\d{1,20}$/.test(text.trim())) {
    throw new HttpProblem(400, 'Bad Request', 'OMS-Min-Position must be a position as returned in OMS-Position', {
      errors: [{ path: 'header.OMS-Min-Position', message: 'must be a decimal position' }],
    });
  }
  const reached = await readModels.waitForPosition(BigInt(text.trim()), timeoutMs);
  if (!reached) {
    throw new HttpProblem(503, 'Service Unavailable', `the read models have not reached position ${text.trim()} yet`, {
      headers: { 'Retry-After': '1' },
    });
  }
}
