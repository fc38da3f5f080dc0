import { jobFor, WORKFLOW_JOBS } from '../../../src/commands/workflow/workflow-jobs';
import { NextStep } from '../../../src/domain/order';

const ORDER = '3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3d';
const OTHER = '0b7c3d3f-2b8c-4e1e-9d4a-4e7b9c1d2a6f';

const sideEffects: NextStep[] = [
  { kind: 'authorize' },
  { kind: 'void' },
  { kind: 'capture', fulfillmentId: 'F1' },
  { kind: 'capture', fulfillmentId: 'F2' },
  { kind: 'label', fulfillmentId: 'F1' },
  { kind: 'label', fulfillmentId: 'F2' },
  { kind: 'notify', notification: 'confirmation', key: 'order' },
  { kind: 'notify', notification: 'shipped', key: 'F1' },
  { kind: 'notify', notification: 'shipped', key: 'F2' },
  { kind: 'notify', notification: 'delivered', key: 'F1' },
];

describe('jobFor: the job that carries out a step', () => {
  it('has an id derived from the order and the step alone, so asking again enqueues nothing new', () => {
    for (const step of sideEffects) expect(jobFor(ORDER, step)).toEqual(jobFor(ORDER, { ...step }));
  });

  it('gives every step of an order its own id, and every order its own ids', () => {
    const ids = [...sideEffects.map((step) => jobFor(ORDER, step)!.id), ...sideEffects.map((step) => jobFor(OTHER, step)!.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each<[NextStep, string, string, Record<string, string>]>([
    [{ kind: 'authorize' }, WORKFLOW_JOBS.authorize, `authorize:${ORDER}`, { orderId: ORDER }],
    [{ kind: 'void' }, WORKFLOW_JOBS.void, `void:${ORDER}`, { orderId: ORDER }],
    [{ kind: 'capture', fulfillmentId: 'F2' }, WORKFLOW_JOBS.capture, `capture:${ORDER}:F2`, { orderId: ORDER, fulfillmentId: 'F2' }],
    [{ kind: 'label', fulfillmentId: 'F1' }, WORKFLOW_JOBS.label, `label:${ORDER}:F1`, { orderId: ORDER, fulfillmentId: 'F1' }],
    [
      { kind: 'notify', notification: 'shipped', key: 'F1' },
      WORKFLOW_JOBS.notify,
      `notify:${ORDER}:shipped:F1`,
      { orderId: ORDER, notification: 'shipped', key: 'F1' },
    ],
  ])('%o runs as %s', (step, name, id, data) => {
    expect(jobFor(ORDER, step)).toEqual({ name, id, data });
  });

  it('is null for the steps the process manager does itself (commands, not side effects)', () => {
    expect(jobFor(ORDER, { kind: 'validate' })).toBeNull();
    expect(jobFor(ORDER, { kind: 'allocate' })).toBeNull();
  });

  it('carries plain JSON a queue in Redis could hold', () => {
    for (const step of sideEffects) {
      const job = jobFor(ORDER, step)!;
      expect(JSON.parse(JSON.stringify(job))).toEqual(job);
    }
  });
});
