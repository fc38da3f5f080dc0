import { Collection, MongoClient, MongoClientOptions } from 'mongodb';
import { databaseInUrl, DEFAULT_DATABASE } from '../documents/mongo-collections';
import { PaymentSecrets, PaymentSecretsOptions } from './payment-secrets';

type StoredSecret = { _id: string; token: string; expiresAt: Date };

const COLLECTION = 'payment_secrets';

/**
 * The secret store on MongoDB (used when MONGODB_URL is set): one document per
 * order in a collection of its own, removed by a TTL index once it expires.
 * The server's TTL monitor runs about once a minute, so reads also check the
 * expiry themselves.
 */
export class MongoPaymentSecrets implements PaymentSecrets {
  static async open(url: string, options: PaymentSecretsOptions & { dbName?: string; client?: MongoClientOptions }): Promise<MongoPaymentSecrets> {
    const client = new MongoClient(url, options.client);
    try {
      await client.connect();
      const collection = client.db(options.dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE).collection<StoredSecret>(COLLECTION);
      await collection.createIndex({ expiresAt: 1 }, { name: 'expire', expireAfterSeconds: 0 });
      return new MongoPaymentSecrets(client, collection, options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  private readonly now: () => Date;

  private constructor(
    private readonly client: MongoClient,
    private readonly secrets: Collection<StoredSecret>,
    private readonly options: PaymentSecretsOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async keep(orderId: string, token: string): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.options.ttlMs);
    try {
      // Matches only an expired token (the TTL monitor may not have removed it yet); a live one makes the upsert a duplicate.
      await this.secrets.replaceOne({ _id: orderId, expiresAt: { $lte: now } }, { token, expiresAt }, { upsert: true, writeConcern: { w: 'majority' } });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async read(orderId: string): Promise<string | null> {
    const secret = await this.secrets.findOne({ _id: orderId, expiresAt: { $gt: this.now() } });
    return secret?.token ?? null;
  }

  async erase(orderId: string): Promise<void> {
    await this.secrets.deleteOne({ _id: orderId }, { writeConcern: { w: 'majority' } });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** MongoDB's duplicate key error. */
const DUPLICATE_KEY = 11000;
