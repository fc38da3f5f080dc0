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

  async keep(orderId: string, token: string): Promise<void> {
    const expiresAt = new Date(this.now().getTime() + this.options.ttlMs);
    await this.secrets.replaceOne({ _id: orderId }, { token, expiresAt }, { upsert: true, writeConcern: { w: 'majority' } });
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
