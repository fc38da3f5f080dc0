import { ConfigError, loadConfig } from '../../../src/config';

describe('OMS_MAX_ORDER_TOTAL', () => {
  it('defaults to 10^11 minor units', () => {
    expect(loadConfig({}).OMS_MAX_ORDER_TOTAL).toBe(100_000_000_000);
  });

  it('takes a positive safe integer', () => {
    expect(loadConfig({ OMS_MAX_ORDER_TOTAL: '2500000' }).OMS_MAX_ORDER_TOTAL).toBe(2_500_000);
  });

  it.each([['0'], ['-5'], ['12.5'], ['1e20'], ['lots']])('refuses %s at start, naming the variable', (value) => {
    expect(() => loadConfig({ OMS_MAX_ORDER_TOTAL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ OMS_MAX_ORDER_TOTAL: value })).toThrow(/OMS_MAX_ORDER_TOTAL/);
  });
});
