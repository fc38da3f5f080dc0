import { allowedRates, cheapest, minorUnits, trackingStatusOf } from '../../../src/infrastructure/carriers/easypost/easypost-mapping';
import { EasyPostRate } from '../../../src/infrastructure/carriers/easypost/easypost-objects';

const rate = (service: string, amount: string, days: number | null): EasyPostRate => ({
  id: `rate_${service}`,
  carrier: 'USPS',
  service,
  rate: amount,
  currency: 'USD',
  delivery_days: days,
  delivery_date: null,
});

describe('EasyPost mapping', () => {
  it.each([
    ['7.58', 'USD', 758],
    ['7.5', 'USD', 750],
    ['7', 'USD', 700],
    ['0.10', 'EUR', 10],
    ['1200', 'JPY', 1200],
    ['7.585', 'USD', 759],
    ['7.584', 'USD', 758],
  ])('reads %s %s as %i minor units, without floating point', (amount, currency, minor) => {
    expect(minorUnits(amount, currency)).toBe(minor);
  });

  it('refuses an amount that is not a decimal number', () => {
    expect(() => minorUnits('7,58', 'USD')).toThrow(/not an amount/);
  });

  it('allows for each of our service levels the rates fast enough, and a carrier service by its name', () => {
    const rates = [rate('Ground', '5.00', 5), rate('Priority', '8.00', 2), rate('Express', '30.00', 1), rate('Mystery', '4.00', null)];
    expect(allowedRates(rates, 'standard').map((r) => r.service)).toEqual(['Ground', 'Priority', 'Express', 'Mystery']);
    expect(allowedRates(rates, 'express').map((r) => r.service)).toEqual(['Priority', 'Express']);
    expect(allowedRates(rates, 'next_day').map((r) => r.service)).toEqual(['Express']);
    expect(allowedRates(rates, 'Priority').map((r) => r.service)).toEqual(['Priority']);
    expect(allowedRates(rates, 'pickup')).toEqual([]);
    expect(cheapest(allowedRates(rates, 'standard'))?.service).toBe('Mystery');
    expect(cheapest([])).toBeNull();
  });

  it.each([
    ['pre_transit', 'label_created'],
    ['in_transit', 'in_transit'],
    ['available_for_pickup', 'in_transit'],
    ['out_for_delivery', 'out_for_delivery'],
    ['delivered', 'delivered'],
    ['return_to_sender', 'exception'],
    ['failure', 'exception'],
    ['unknown', null],
  ])('reads the tracking status %s as %s', (status, ours) => {
    expect(trackingStatusOf(status)).toBe(ours);
  });
});
