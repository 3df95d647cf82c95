import type { Clock } from '../core/clock';

export interface FloodLimits {
  /** Messages one user may send per minute; also the largest burst. */
  userPerMinute: number;
  /** Messages one conversation may send per minute (all its users together); also the largest burst. */
  conversationPerMinute: number;
}

/** Buckets kept at most; idle (full) buckets are dropped first, so memory stays flat under many senders. */
const MAX_BUCKETS = 10_000;

export type FloodVerdict =
  | { ok: true }
  /** `tell`: the first refusal since the sender was last admitted gets the short "slow down"; the rest are dropped silently. */
  | { ok: false; tell: boolean; retryInSeconds: number };

export const SLOW_DOWN_LINE = (seconds: number) => `Slow down, please: too many messages at once. I will answer again in about ${seconds} s.`;

interface Bucket {
  tokens: number;
  at: number;
  told: boolean;
}

/**
 * Token buckets per user and per conversation, on the injected clock: a bucket holds up to its
 * per-minute count and refills evenly over the minute. A refused message costs nothing else (no
 * member lookup, no command, no storage), so one sender cannot slow anybody else down; a message a
 * user's own bucket refuses never draws on the conversation's, so one noisy user in a channel does
 * not silence the others.
 */
export class FloodLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: FloodLimits, private readonly clock: Clock) {}

  admit(userKey: string, conversationKey: string): FloodVerdict {
    const now = this.clock.now().getTime();
    const user = this.bucket(`u:${userKey}`, this.limits.userPerMinute, now);
    if (user.tokens < 1) return this.refuse(user, this.limits.userPerMinute);
    const conversation = this.bucket(`c:${conversationKey}`, this.limits.conversationPerMinute, now);
    if (conversation.tokens < 1) return this.refuse(conversation, this.limits.conversationPerMinute);
    user.tokens -= 1;
    conversation.tokens -= 1;
    user.told = false;
    conversation.told = false;
    return { ok: true };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refuse(bucket: Bucket, perMinute: number): FloodVerdict {
    const tell = !bucket.told;
    bucket.told = true;
    return { ok: false, tell, retryInSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute)) };
  }

  private bucket(key: string, perMinute: number, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.evict();
      bucket = { tokens: perMinute, at: now, told: false };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const refill = ((now - bucket.at) / 60_000) * perMinute;
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, refill));
    bucket.at = now;
    // Touched buckets move to the end of the map's order, so eviction finds the idle ones first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Drops the least recently used tenth: a bucket idle that long has (nearly) refilled, so forgetting it forgives little. */
  private evict(): void {
    let drop = Math.ceil(MAX_BUCKETS / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
