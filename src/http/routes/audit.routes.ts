import { z } from 'zod';
import { parsePosition } from '../../infrastructure/eventstore/event-store';
import { badRequest, notFound } from '../problem';
import { defineRoute } from '../route';
import { RouteDependencies } from './route-dependencies';
import { OrderParams } from './schemas';
import { AuditLogPage, OrderHistory, OrderStateAt } from '../schemas/audit.responses';

const AUDITORS = ['auditor', 'admin'] as const;

/** A global position as OMS-Position gives it: a decimal within 64 bits (larger ones reach no store). */
const Position = z.string().refine((text) => /^\d{1,20}$/.test(text) && BigInt(text) <= 2n ** 64n - 1n, 'must be a position');

const StateQuery = z
  .object({
    at: z.iso.datetime({ offset: true }).optional(),
    revision: z.coerce.number().int().min(0).optional(),
  })
  .strict()
  .refine((query) => (query.at === undefined) !== (query.revision === undefined), {
    message: 'give exactly one of at or revision',
    path: ['at'],
  });

export const auditRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'get',
    path: '/orders/{orderId}/history',
    summary: 'Every event of an order, oldest first, with its metadata',
    tag: 'Audit',
    roles: AUDITORS,
    params: OrderParams,
    success: { status: 200, description: 'The full history', schema: OrderHistory },
    async handle({ params }) {
      const history = await deps.queries.audit.history(params.orderId);
      if (!history) throw notFound(`no order ${params.orderId}`);
      return { status: 200, body: history };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders/{orderId}/state',
    summary: 'The order as it stood at a time or after a revision, folded from its events',
    tag: 'Audit',
    roles: AUDITORS,
    params: OrderParams,
    query: StateQuery,
    success: { status: 200, description: 'The state then', schema: OrderStateAt },
    async handle({ params, query }) {
      const point = query.revision !== undefined ? { revision: query.revision } : { at: query.at! };
      const state = await deps.queries.audit.stateAt(params.orderId, point);
      if (!state) throw notFound(`no order ${params.orderId}`);
      return { status: 200, body: state, headers: { ETag: `"${state.revision}"` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audit/events',
    summary: 'The global log in order, after a position',
    tag: 'Audit',
    roles: AUDITORS,
    query: z
      .object({
        after: Position.optional(),
        cursor: Position.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      })
      .strict(),
    success: { status: 200, description: 'A page of the log', schema: AuditLogPage },
    async handle({ query }) {
      if (query.after !== undefined && query.cursor !== undefined) throw badRequest('give after or cursor, not both');
      const after = parsePosition(query.cursor ?? query.after ?? '0');
      return { status: 200, body: await deps.queries.audit.log(after, query.limit) };
    },
  }),
];
