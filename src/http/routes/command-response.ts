import { formatPosition } from '../../infrastructure/eventstore/event-store';
import { RouteResult } from '../route';

/**
 * A command's answer: the body plus the aggregate's revision (also as ETag)
 * and the global position of its last event (also as OMS-Position), so the
 * client can read its own write with OMS-Min-Position.
 */
export const commandResponse = (
  status: number,
  body: Record<string, unknown>,
  outcome: { revision: number; position: bigint },
  headers: Record<string, string> = {},
): RouteResult => {
  const position = formatPosition(outcome.position);
  return {
    status,
    body: { ...body, revision: outcome.revision, position },
    headers: { ...headers, ETag: `"${outcome.revision}"`, 'OMS-Position': position },
  };
};

/** The event metadata a request contributes to the command it issues. */
export const commandContext = (context: { actor: string; correlationId: string; ifMatch: number | undefined }) => ({
  actor: context.actor,
  correlationId: context.correlationId,
  expectedRevision: context.ifMatch,
});
