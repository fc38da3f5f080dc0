import { react, WorkflowEvent, WorkflowIntent } from '../../src/commands/workflow/workflow-reactor';
import { orderDecider, OrderEvent } from '../../src/domain/order';
import { foldEvents } from '../../src/domain/kernel/decider';

/**
 * Given-when-then for the workflow reactor, with no store: the order's
 * history folds to the order as the runner would load it (none for an empty
 * history), and the reactor's answer is compared as data:
 *   given(...authorized()).when(logged(paymentAuthorized())).then([...])
 */
export const given = (...history: OrderEvent[]) => {
  const state = foldEvents(orderDecider, history);
  const order = state.exists ? state : null;
  return {
    when: (event: WorkflowEvent) => ({
      then: (expected: WorkflowIntent[]) => expect(react(event, order)).toEqual(expected),
      intents: () => react(event, order),
    }),
  };
};
