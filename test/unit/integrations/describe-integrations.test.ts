import { describeIntegrations } from '../../../src/integrations/integration-routes';

describe('the start-up line about integrations', () => {
  it('names the enabled ones and says the others have no secret', () =>
    expect(describeIntegrations({ shopify: 'secret', woocommerce: undefined, easypost: 'whsec' })).toEqual({
      fields: { enabled: ['shopify', 'easypost'], disabled: ['woocommerce'] },
      message: 'integrations: shopify, easypost enabled; woocommerce not enabled (no webhook secret set)',
    }));

  it('says when none is enabled, and never logs a secret', () => {
    const line = describeIntegrations({ shopify: undefined, woocommerce: undefined, easypost: undefined });
    expect(line.message).toBe('integrations: none enabled; shopify, woocommerce, easypost not enabled (no webhook secret set)');
    expect(JSON.stringify(describeIntegrations({ shopify: 'shpss_abc', woocommerce: 'wc_xyz', easypost: 'ep_123' }))).not.toMatch(/shpss_abc|wc_xyz|ep_123/);
  });
});
