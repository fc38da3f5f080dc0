import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedMutex } from '../../commands/keyed-mutex';
import { CollectionDefinition, Document, DocumentStore, DocumentWrite, Lease } from '../documents/document-store';
import { PaymentUnavailable } from './payment-gateway';

export type LedgerKind = 'key' | 'timeout' | 'authorization' | 'capture';

export const SANDBOX_LEDGER_COLLECTION: CollectionDefinition = { name: 'sandbox_payments', indexes: [] };

/** What a transaction reads and what it will write: reads see its own earlier writes. */
export type LedgerTransaction = {
  get<T>(kind: LedgerKind, id: string): Promise<T | undefined>;
  put(kind: LedgerKind, id: string, value: unknown): void;
};

export type SandboxLedgerOptions = {
  /** How long a transaction may hold its locks (a crashed holder's are free after it). Default 30 s. */
  lockTtlMs?: number;
  /** How long to wait for another process's lock before answering PaymentUnavailable. Default 10 s. */
  lockWaitMs?: number;
};

/**
 * Where the sandbox gateway keeps its account: what each idempotency key
 * produced, and each authorization and capture, as documents of the
 * configured store (the embedded SQLite requests file, or MongoDB). Every
 * process and container on that store shares one account, as they share a
 * real gateway's: an authorization made by one can be captured by another,
 * and made before a restart, captured after it. Read through on every call,
 * never cached.
 *
 * A transaction locks what it touches (the idempotency key and the
 * authorization or capture) with the store's leases, so two processes never
 * capture the same authorization at once; its writes land in one unit,
 * fenced by the lock, all or nothing, and the locks are released in it.
 */
export class SandboxLedger {
  private readonly local = new KeyedMutex();
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly store: DocumentStore,
    options: SandboxLedgerOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
  }

  async get<T>(kind: LedgerKind, id: string): Promise<T | undefined> {
    await this.declared();
    const document = await this.store.get<{ value: T } & Document>(SANDBOX_LEDGER_COLLECTION.name, documentId(kind, id));
    return document === null ? undefined : document.value;
  }

  /**
   * Runs `work` holding the locks named (in-process first, then across
   * processes), and commits what it put when it returns, also when it returns
   * an error to answer with (a timeout that must be remembered). A thrown
   * error commits nothing.
   */
  async atomically<T>(locks: readonly string[], work: (transaction: LedgerTransaction) => Promise<T>): Promise<T> {
    await this.declared();
    const names = [...new Set(locks)].sort();
    const holdLocal = names.reduceRight<() => Promise<T>>(
      (inner, name) => () => this.local.run(name, inner),
      () => this.holdingLeases(names, work),
    );
    return holdLocal();
  }

  private async holdingLeases<T>(names: readonly string[], work: (transaction: LedgerTransaction) => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const leases = names.map((name): Lease => ({ name: `sandbox-payments:${name}`, holder }));
    let held: Lease[] = [];
    try {
      for (const lease of leases) {
        await this.take(lease);
        held.push(lease);
      }
      const pending = new Map<string, unknown>();
      const transaction: LedgerTransaction = {
        get: async <V>(kind: LedgerKind, id: string) =>
          pending.has(documentId(kind, id)) ? (pending.get(documentId(kind, id)) as V) : this.get<V>(kind, id),
        put: (kind, id, value) => void pending.set(documentId(kind, id), JSON.parse(JSON.stringify(value))),
      };
      const result = await work(transaction);
      const writes = [...pending].map(
        ([id, value]): DocumentWrite => ({ op: 'put', collection: SANDBOX_LEDGER_COLLECTION.name, id, doc: { value } }),
      );
      if (writes.length > 0) {
        // The locks go with the writes, in one commit.
        await this.store.commit({ writes, ...(held[0] ? { lease: held[0] } : {}), release: held });
        held = [];
      }
      return result;
    } finally {
      await Promise.allSettled(held.map((lease) => this.store.releaseLease(lease)));
    }
  }

  /** Another process holds it only for one call: wait a little, then let the caller's job retry. */
  private async take(lease: Lease): Promise<void> {
    const giveUpAt = Date.now() + this.lockWaitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      if (await this.store.tryLease(lease, this.lockTtlMs)) return;
      if (Date.now() >= giveUpAt) throw new PaymentUnavailable(`sandbox: ${lease.name} is busy in another process`);
      await sleep(pause);
    }
  }

  private declared(): Promise<void> {
    this.ready ??= this.store.ensureCollections([SANDBOX_LEDGER_COLLECTION]).catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }
}

const documentId = (kind: LedgerKind, id: string) => `${kind}:${id}`;
