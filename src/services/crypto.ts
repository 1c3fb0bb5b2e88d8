import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** argon2id with the OWASP baseline: 19 MiB memory, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/**
 * At most one argon2 computation per core at a time: more would not finish sooner on a 2-core
 * machine, but each holds 19 MiB — a sign-in storm would otherwise raise memory for nothing.
 */
const ARGON2_SLOTS = Math.max(1, availableParallelism());
let argon2Busy = 0;
const argon2Waiting: (() => void)[] = [];
async function withArgon2Slot<T>(work: () => Promise<T>): Promise<T> {
  if (argon2Busy >= ARGON2_SLOTS) await new Promise<void>((resolve) => argon2Waiting.push(resolve));
  else argon2Busy++;
  try {
    return await work();
  } finally {
    const next = argon2Waiting.shift();
    if (next) next();
    else argon2Busy--;
  }
}

export const hashPassword = (password: string): Promise<string> => withArgon2Slot(() => hash(password, ARGON2_OPTIONS));

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await withArgon2Slot(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs as much as a real account (no user enumeration by timing). */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(randomToken(16)));

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
export const hmac = (secret: string, value: string): string => createHmac('sha256', secret).update(value).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
