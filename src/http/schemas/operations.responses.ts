import { z } from 'zod';

const Progress = z.object({ position: z.string(), lag: z.number().int() }).loose();

export const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    eventStore: z.object({ adapter: z.string(), head: z.string() }).loose(),
    documents: z.object({ adapter: z.string() }).loose(),
    jobs: z.object({ adapter: z.string() }).loose().meta({ description: 'The adapter and its waiting, active, delayed and failed counts' }),
    projections: z.record(z.string(), Progress),
    processManager: Progress,
    followers: z.record(z.string(), Progress).meta({ description: 'The webhook dispatcher (`webhooks`) and, when configured, the CRM sync (`crm`)' }),
    pollers: z
      .record(z.string(), z.object({ state: z.string(), error: z.string().nullable(), lastPassAt: z.string().nullable(), lastSuccessAt: z.string().nullable() }).loose())
      .meta({ description: 'The tracking poller (`tracking`) and, when configured, the Magento pull (`magento`): their last pass and last error; a failing pass never degrades the status' }),
  })
  .meta({ description: 'Each read model, the process manager and the other log followers with their position, lag behind the log head and state' });

export const OpenApiDescription = z
  .object({ openapi: z.literal('3.1.0'), info: z.object({ title: z.string(), version: z.string() }).loose(), paths: z.record(z.string(), z.unknown()) })
  .loose();
