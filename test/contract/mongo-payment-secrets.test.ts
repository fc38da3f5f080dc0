import { MongoClient } from 'mongodb';
import { MongoPaymentSecrets } from '../../src/infrastructure/secrets/mongo-payment-secrets';
import { paymentSecretsContract } from './payment-secrets.contract';

const url = process.env.MONGODB_URL;
/** Every database this run creates starts with this, and is dropped by its test's cleanup. */
const run = `oms_secrets_test_${Date.now().toString(36)}_${process.pid}`;
let databases = 0;

if (url === undefined || url === '') {
  // Written while collecting, to stdout: see mongo-document-store.test.ts for why not console.log.
  process.stdout.write('SKIPPED MongoDB payment secrets contract: MONGODB_URL is not set (e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0)\n');
  describe.skip('PaymentSecrets contract: mongodb', () => {
    it('needs MONGODB_URL', () => undefined);
  });
} else {
  paymentSecretsContract('mongodb', async (options) => {
    const dbName = `${run}_${++databases}`;
    const secrets = await MongoPaymentSecrets.open(url, { ...options, dbName, client: { serverSelectionTimeoutMS: 10_000 } });
    const cleanup = async () => {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    };
    return { secrets, cleanup };
  });
}
