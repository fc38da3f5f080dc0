import { ConfigError, loadConfig } from '../../../src/config';
import { normalizeEventStoreUrl } from '../../../src/infrastructure/connection-strings';

/** The URLs the clients accept are accepted, and what they would refuse is refused at start, naming the variable. */
describe('store connection strings in the configuration', () => {
  const load = (env: Record<string, string>) => loadConfig({ OMS_DATA_DIR: '/tmp/oms-config-test', ...env });
  const refusal = (env: Record<string, string>) => {
    try {
      load(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it.each([
    ['a three-node cluster', 'esdb://a:2113,b:2113,c:2113?tls=false', 'kurrentdb://a:2113,b:2113,c:2113?tls=false'],
    ['DNS discovery', 'esdb+discover://cluster.example.com:2113', 'kurrentdb+discover://cluster.example.com:2113'],
    ['credentials and TLS', 'kurrentdb://admin:changeit@db1:2113,db2:2113?tls=true&tlsVerifyCert=false', 'kurrentdb://admin:changeit@db1:2113,db2:2113?tls=true&tlsVerifyCert=false'],
    ['discovery by the new name', 'kurrentdb+discover://db.example.com', 'kurrentdb+discover://db.example.com'],
  ])('accepts an event store URL with %s, connected in the scheme the client prefers', (_what, url, connected) => {
    expect(load({ EVENTSTORE_URL: url }).EVENTSTORE_URL).toBe(url);
    expect(normalizeEventStoreUrl(url)).toBe(connected);
  });

  it.each([
    ['another scheme', 'http://localhost:2113'],
    ['no host', 'kurrentdb://'],
    ['an option value the client refuses', 'kurrentdb://db:2113?tls=maybe'],
  ])('refuses an event store URL with %s', (_what, url) => {
    expect(refusal({ EVENTSTORE_URL: url })).toMatch(/^invalid configuration: EVENTSTORE_URL: not a connection string the client accepts/);
  });

  it.each([
    ['a replica set host list', 'mongodb://m1,m2,m3/oms?replicaSet=rs0'],
    ['ports and credentials', 'mongodb://oms:secret@m1:27017,m2:27018/oms?replicaSet=rs0&authSource=admin'],
    ['SRV discovery', 'mongodb+srv://oms:secret@cluster0.example.net/oms'],
    ['a direct connection to one node', 'mongodb://localhost:27017/oms?directConnection=true'],
  ])('accepts a MongoDB URL with %s', (_what, url) => {
    expect(load({ MONGODB_URL: url }).MONGODB_URL).toBe(url);
  });

  it.each([
    ['another scheme', 'http://mongo:27017'],
    ['no host', 'mongodb://'],
    ['a direct connection to several hosts', 'mongodb://m1,m2/oms?directConnection=true'],
    ['an option the driver does not know', 'mongodb://m1/oms?replicaSett=rs0'],
    ['several SRV names', 'mongodb+srv://a.example.net,b.example.net/oms'],
  ])('refuses a MongoDB URL with %s', (_what, url) => {
    expect(refusal({ MONGODB_URL: url })).toMatch(/^invalid configuration: MONGODB_URL: not a connection string the client accepts/);
  });

  it('never repeats a password from a refused URL', () => {
    expect(refusal({ EVENTSTORE_URL: 'kurrentdb://admin:hunter2@' })).not.toContain('hunter2');
    expect(refusal({ MONGODB_URL: 'mongodb://oms:hunter2@m1/oms?replicaSett=rs0' })).not.toContain('hunter2');
  });
});
