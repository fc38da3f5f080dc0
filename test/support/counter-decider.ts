import { Decider } from '../../src/domain/kernel/decider';
import { DomainError } from '../../src/domain/kernel/domain-error';

/** A tiny aggregate for testing the command machinery apart from the real domain. */
export type CounterCommand = { type: 'Increment'; data: { by: number } } | { type: 'Reset'; data: Record<string, never> };
export type CounterEvent = { type: 'Incremented'; data: { by: number } } | { type: 'WasReset'; data: Record<string, never> };
export type CounterState = { value: number };

export class CounterLimitReached extends DomainError {
  readonly code = 'COUNTER.LIMIT';
}

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: () => ({ value: 0 }),
  decide: (command, state) => {
    switch (command.type) {
      case 'Increment':
        if (state.value + command.data.by > 1000) throw new CounterLimitReached('limit', { value: state.value });
        return [{ type: 'Incremented', data: { by: command.data.by } }];
      case 'Reset':
        return state.value === 0 ? [] : [{ type: 'WasReset', data: {} }];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Incremented':
        return { value: state.value + event.data.by };
      case 'WasReset':
        return { value: 0 };
    }
  },
};

export const increment = (by = 1): CounterCommand => ({ type: 'Increment', data: { by } });
export const reset = (): CounterCommand => ({ type: 'Reset', data: {} });
