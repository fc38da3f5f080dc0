import { normalQuantile } from '../../../src/domain/forecasting';

describe('normal quantile', () => {
  it.each([
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [0.01, -2.3263478740408408],
  ])('z(%p) = %p', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 8));

  it('gives the familiar 1.645 for a 95% service level', () => expect(normalQuantile(0.95)).toBeCloseTo(1.6449, 4));

  it('is symmetric and increasing', () => {
    expect(normalQuantile(0.2)).toBeCloseTo(-normalQuantile(0.8), 12);
    expect(normalQuantile(0.02)).toBeLessThan(normalQuantile(0.03));
    expect(normalQuantile(0.975)).toBeLessThan(normalQuantile(0.98));
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('refuses %p', (p) => expect(() => normalQuantile(p)).toThrow(RangeError));
});
