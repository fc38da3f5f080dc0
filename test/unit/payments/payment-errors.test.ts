import { isTransient } from '../../../src/infrastructure/port-error';
import {
  PaymentDeclined,
  PaymentRejected,
  PaymentTimeout,
  PaymentUnavailable,
} from '../../../src/infrastructure/payments/payment-gateway';

describe('payment errors', () => {
  it.each([
    [new PaymentTimeout('t'), true],
    [new PaymentUnavailable('u'), true],
    [new PaymentDeclined('card_declined', 'no'), false],
    [new PaymentRejected('unknown_authorization', 'r'), false],
    [new Error('a bug, or an error an adapter forgot to map'), false],
    ['not even an error', false],
  ])('%p is transient: %p', (error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });

  it('names each error after its class and keeps a stable code', () => {
    const declined = new PaymentDeclined('insufficient_funds', 'the card has insufficient funds');
    expect(declined).toMatchObject({ name: 'PaymentDeclined', code: 'PAYMENT.DECLINED', declineCode: 'insufficient_funds' });
    expect(declined.message).toContain('insufficient_funds');
    expect(new PaymentTimeout('t')).toMatchObject({ name: 'PaymentTimeout', code: 'PAYMENT.TIMEOUT' });
  });
});
