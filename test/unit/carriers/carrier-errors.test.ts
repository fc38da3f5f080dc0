import { isTransient } from '../../../src/infrastructure/port-error';
import { AddressRejected, CarrierRejected, CarrierUnavailable } from '../../../src/infrastructure/carriers/carrier';

describe('carrier errors', () => {
  it.each([
    [new CarrierUnavailable('down'), true],
    [new AddressRejected('shipTo.postalCode', 'is missing'), false],
    [new CarrierRejected('unsupported_service', 'no'), false],
    [new Error('unmapped'), false],
  ])('%p is transient: %p', (error, transient) => {
    expect(isTransient(error)).toBe(transient);
  });

  it('says which address field was rejected', () => {
    const error = new AddressRejected('shipTo.country', 'must be a two-letter country code');
    expect(error).toMatchObject({ name: 'AddressRejected', code: 'CARRIER.ADDRESS_REJECTED', field: 'shipTo.country' });
    expect(error.message).toBe('address rejected: shipTo.country must be a two-letter country code');
  });
});
