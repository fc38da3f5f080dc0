import { StoreUnreachable } from '../../../src/composition/open-stores';
import { EventStoreAccessDenied } from '../../../src/infrastructure/eventstore/event-store';

describe('a store that does not let the process in at start', () => {
  it('says access was refused, with the hint, not that the server cannot be reached, and hides the password', () => {
    const refused = new StoreUnreachable('EVENTSTORE_URL', 'kurrentdb://oms:hunter2@db1:2113?tls=true', new EventStoreAccessDenied('give credentials of a user allowed to read $all'));
    expect(refused.message).toBe('EVENTSTORE_URL (kurrentdb://***@db1:2113?tls=true) refused access: give credentials of a user allowed to read $all');
  });

  it('says it cannot reach a server that does not answer', () => {
    const silent = new StoreUnreachable('EVENTSTORE_URL', 'kurrentdb://db1:2113', new Error('no answer within 5000 ms'));
    expect(silent.message).toBe('cannot reach EVENTSTORE_URL (kurrentdb://db1:2113): no answer within 5000 ms');
  });
});
