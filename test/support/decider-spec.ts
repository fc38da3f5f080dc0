import { Decider, DomainEvent, foldEvents } from '../../src/domain/kernel/decider';
import { DomainError } from '../../src/domain/kernel/domain-error';

type ErrorClass = abstract new (...args: never[]) => DomainError;

/**
 * Given-when-then for deciders:
 *   given(stockReceived(10)).when(reserveStock('r1', 4)).then([stockReserved('r1', 4)])
 */
export const deciderSpec =
  <Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) =>
  (...given: Event[]) => ({
    when: (command: Command) => {
      const decide = () => decider.decide(command, foldEvents(decider, given));
      return {
        then: (expected: Event[]) => expect(decide()).toEqual(expected),
        thenThrows: (errorClass: ErrorClass, code?: string) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          if (code) expect((thrown as DomainError).code).toBe(code);
          return thrown as DomainError;
        },
      };
    },
  });
