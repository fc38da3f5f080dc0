import { ConfigError, loadConfig } from '../../../src/config';
import { runWorkerCommand } from '../../../src/cli/worker.command';

describe('Magento settings', () => {
  it('takes the store URL and the integration token together', () => {
    const config = loadConfig({ OMS_MAGENTO_URL: 'https://shop.example.com', OMS_MAGENTO_TOKEN: 'tkn', OMS_MAGENTO_SINCE: '2026-11-01T00:00:00Z' });
    expect(config).toMatchObject({ OMS_MAGENTO_URL: 'https://shop.example.com', OMS_MAGENTO_POLL_SECONDS: 60, OMS_MAGENTO_SINCE: '2026-11-01T00:00:00Z' });
  });

  it.each([[{ OMS_MAGENTO_URL: 'https://shop.example.com' }], [{ OMS_MAGENTO_TOKEN: 'tkn' }]])('refuses one without the other at start: %j', (env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/OMS_MAGENTO_URL and OMS_MAGENTO_TOKEN together/);
  });

  it.each([[{ OMS_MAGENTO_URL: 'ftp://shop.example.com', OMS_MAGENTO_TOKEN: 't' }], [{ OMS_MAGENTO_SINCE: 'yesterday' }], [{ OMS_MAGENTO_POLL_SECONDS: '1' }]])(
    'refuses %j',
    (env) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
    },
  );

  it('oms worker magento says what to set when Magento is not configured', async () => {
    let stderr = '';
    const code = await runWorkerCommand(['magento'], { env: {}, stderr: (text) => void (stderr += text) });
    expect(code).toBe(2);
    expect(stderr).toMatch(/set OMS_MAGENTO_URL and OMS_MAGENTO_TOKEN/);
  });
});
