import path from 'node:path';
import { Config } from '../config';
import { PaymentSecrets } from '../infrastructure/secrets/payment-secrets';
import { SqlitePaymentSecrets } from '../infrastructure/secrets/sqlite-payment-secrets';

/** The embedded secret store's file: apart from the log and the read models, readable by its owner only. */
export const paymentSecretsFile = (config: Config) => path.join(config.OMS_DATA_DIR, 'payment-secrets.db');

/** Where card tokens wait for their authorization: MongoDB when MONGODB_URL is set, else a SQLite file in the data folder. */
export async function openPaymentSecrets(config: Config): Promise<PaymentSecrets> {
  const options = { ttlMs: config.OMS_PAYMENT_TOKEN_TTL_SECONDS * 1000 };
  if (!config.MONGODB_URL) return new SqlitePaymentSecrets(paymentSecretsFile(config), options);
  const { MongoPaymentSecrets } = await import('../infrastructure/secrets/mongo-payment-secrets');
  return MongoPaymentSecrets.open(config.MONGODB_URL, { ...options, client: { serverSelectionTimeoutMS: 5000 } });
}
