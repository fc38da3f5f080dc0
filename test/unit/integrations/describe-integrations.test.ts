import { describeIntegrations } from '../../../src/integrations/integration-routes';

describe('the start-up line about integrations', () => {
  it('names the enabled ones and says the others have no secret', () =>
    expect(describeIntegrations({ shopify: 'secret', woocommerce: undefined })).toEqual({
      fields: { enabled: ['shopify'], disabled: ['woocommerce'] },
      message: 'integrations: shopify enabled; woocommerce not enabled (no webhook secret set)',
    }));

  it('says when none is enabled, and never logs a secret', () => {
    const line = describeIntegrations({ shopify: undefined, woocommerce: undefined });
    expect(line.message).toBe('integrations: none enabled; shopify, woocommerce not enabled (no webhook secret set)');
    expect(JSON.stringify(describeIntegrations({ shopify: 'shpss_abc', woocommerce: 'wc_xyz' }))).not.toMatch(/shpss_abc|wc_xyz/);
  });
});
