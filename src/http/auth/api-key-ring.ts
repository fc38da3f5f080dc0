import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Principal, Role } from './roles';
import { ConfigError } from '../../config';

type KeyEntry = { key: string; role: Role; channel: string | null };

const CHANNEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Shorter keys could be guessed; the generated ones are 36 characters and more. */
export const MIN_KEY_LENGTH = 24;

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** A configuration error: `oms` says it in one line and exits 2. */
export class InvalidApiKeys extends ConfigError {}

/**
 * The API keys this server accepts. Keys are looked up by their SHA-256
 * digest and the digests compared in constant time, so neither the lookup nor
 * the comparison leaks how much of a guessed key was right.
 */
export class ApiKeyRing {
  private readonly byDigest = new Map<string, { digest: Buffer; principal: Principal }>();

  constructor(entries: readonly KeyEntry[]) {
    for (const [index, entry] of entries.entries()) {
      if (entry.key.length < MIN_KEY_LENGTH) {
        throw new InvalidApiKeys(`API key ${index + 1} (role ${entry.role}) is shorter than ${MIN_KEY_LENGTH} characters`);
      }
      const keyDigest = digest(entry.key);
      const keyId = keyDigest.toString('hex').slice(0, 12);
      this.byDigest.set(keyDigest.toString('hex'), {
        digest: keyDigest,
        principal: { keyId, role: entry.role, channel: entry.channel },
      });
    }
  }

  /** `key:role` or `key:role:channel`, comma separated (the OMS_API_KEYS format). */
  static parse(spec: string): ApiKeyRing {
    const entries = spec
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item, index): KeyEntry => {
        const [key, role, channel, ...rest] = item.split(':');
        const parsedRole = Role.safeParse(role);
        if (!key || key.length < MIN_KEY_LENGTH || !parsedRole.success || rest.length > 0 || (channel !== undefined && !CHANNEL.test(channel))) {
          throw new InvalidApiKeys(
            `OMS_API_KEYS: entry ${index + 1} is not key:role or key:role:channel (keys of ${MIN_KEY_LENGTH}+ characters; roles ${Role.options.join(', ')})`,
          );
        }
        return { key, role: parsedRole.data, channel: channel ?? null };
      });
    if (entries.length === 0) throw new InvalidApiKeys('OMS_API_KEYS is set but names no key');
    return new ApiKeyRing(entries);
  }

  /**
   * The keys stored under the data folder, created (one random key per role)
   * on first start. `created` holds the new keys so the caller can print them once.
   */
  static loadOrCreate(dataDir: string): { ring: ApiKeyRing; created: KeyEntry[] | null } {
    const file = path.join(dataDir, 'api-keys.json');
    if (fs.existsSync(file)) {
      return { ring: new ApiKeyRing(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyEntry[]), created: null };
    }
    const entries = Role.options.map((role) => ({ key: `oms_${role}_${randomBytes(24).toString('base64url')}`, role, channel: null }));
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return { ring: new ApiKeyRing(entries), created: entries };
  }

  authenticate(presented: string): Principal | null {
    const presentedDigest = digest(presented);
    const found = this.byDigest.get(presentedDigest.toString('hex'));
    if (!found || !timingSafeEqual(found.digest, presentedDigest)) return null;
    return found.principal;
  }
}
