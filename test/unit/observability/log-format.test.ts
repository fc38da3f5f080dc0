import { loadConfig } from '../../../src/config';
import { defaultLogFormat } from '../../../src/infrastructure/observability/logger';

describe('log format', () => {
  it('is pretty at a terminal and JSON lines otherwise, unless OMS_LOG_FORMAT says', () => {
    expect(defaultLogFormat(true)).toBe('pretty');
    expect(defaultLogFormat(false)).toBe('json');
    expect(defaultLogFormat(undefined)).toBe('json');
    expect(loadConfig({ OMS_LOG_FORMAT: 'pretty' }).OMS_LOG_FORMAT).toBe('pretty');
    expect(loadConfig({}).OMS_LOG_FORMAT).toBeUndefined();
    expect(() => loadConfig({ OMS_LOG_FORMAT: 'xml' })).toThrow(/OMS_LOG_FORMAT/);
  });
});

describe('HOST', () => {
  it('is the bind address when set, and every interface (unset) by default', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({}).HOST).toBeUndefined();
  });
});
