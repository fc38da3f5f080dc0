import { ConfigError, loadConfig } from '../../../src/config';

const twilio = {
  OMS_TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`,
  OMS_TWILIO_AUTH_TOKEN: 'token',
  OMS_TWILIO_FROM: '+15005550006',
};

describe('outside services in the configuration', () => {
  it('takes the Twilio account, token and sender together, a sender being a number or a Messaging Service', () => {
    expect(loadConfig(twilio)).toMatchObject(twilio);
    expect(loadConfig({ ...twilio, OMS_TWILIO_FROM: `MG${'b'.repeat(32)}` }).OMS_TWILIO_FROM).toBe(`MG${'b'.repeat(32)}`);
    expect(loadConfig({}).OMS_TWILIO_ACCOUNT_SID).toBeUndefined();
  });

  it.each(Object.keys(twilio))('refuses the Twilio settings without %s', (missing) => {
    const { [missing]: _, ...partial } = twilio as Record<string, string>;
    expect(() => loadConfig(partial)).toThrow(
      new ConfigError(`invalid configuration: ${missing}: OMS_TWILIO_ACCOUNT_SID, OMS_TWILIO_AUTH_TOKEN and OMS_TWILIO_FROM go together: set all three for SMS, or none`),
    );
  });

  it.each([
    ['OMS_TWILIO_ACCOUNT_SID', 'SK123'],
    ['OMS_TWILIO_FROM', '555 0100'],
  ])('refuses a malformed %s', (name, value) => {
    expect(() => loadConfig({ ...twilio, [name]: value })).toThrow(new RegExp(name));
  });
});
