// Configuration from environment variables, validated at start-up with one clear message per bad value.
import { z } from 'zod';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';

const intFrom = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/lentera.db')
    .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
      message: 'must be sqlite:<path> or postgres://user@host/db',
    }),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://lentera.example.go.id' }).optional(),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: 'must start with smtp:// or smtps://' })
    .optional(),
  MAIL_FROM: z.string().default('Lentera <no-reply@lentera.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: intFrom(24 * 14, 1),
  /** Failed sign-ins allowed per account in the window before it is throttled. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intFrom(20, 1),
  /** Failed sign-ins allowed per account from one address in the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: intFrom(5, 1),
  /** Failed sign-ins allowed from one address (all accounts) in the window: high, offices share one address. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: intFrom(500, 1),
  LOGIN_THROTTLE_WINDOW_SECONDS: intFrom(15 * 60, 1),
  /** General request limit per address per minute (0 disables). */
  RATE_LIMIT_PER_MINUTE: intFrom(6000, 0),
  /** Certificate verifications (/verify/{code} and its API) per address per minute (0 disables). */
  VERIFY_RATE_LIMIT_PER_MINUTE: intFrom(120, 0),
  PASSWORD_RESET_TTL_MINUTES: intFrom(60, 1),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  JOB_WORKERS: intFrom(1, 0),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL: run the hot queries as named prepared statements (off for PgBouncer in transaction mode before 1.21). */
  DATABASE_NAMED_STATEMENTS: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Where uploaded files (documents, videos, Jurnal PDFs, photos) are kept; default: beside the SQLite file, or ./data/files. */
  FILES_DIR: z.string().optional(),
  /** HMAC-SHA-256 key of the activation codes (bulk provisioning): at least 32 characters. */
  ACTIVATION_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  /** AES-256-GCM key of the stored NIK: 64 hexadecimal characters (32 bytes). */
  NIK_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters (32 bytes)' })
    .optional(),
  /** PKCS#12 file (certificate + private key) that signs the PDF certificates; default: a generated development certificate. */
  CERT_SIGNING_P12: z.string().min(1).optional(),
  /** Passphrase of CERT_SIGNING_P12 (empty when not set). */
  CERT_SIGNING_PASSPHRASE: z.string().optional(),
  /** Where the development signing certificate is generated; default: beside the SQLite file, else under FILES_DIR. */
  CERT_SIGNING_DIR: z.string().min(1).optional(),
  /** Worker threads that render and sign certificates; default: one per CPU; 0 renders in the server's own thread. */
  CERT_RENDER_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'SESSION_SECRET' | 'ACTIVATION_KEY' | 'NIK_ENCRYPTION_KEY'> {
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  sessionSecret: string;
  /** Key of the activation codes' keyed hashes (ACTIVATION_KEY). */
  activationKey: string;
  /** 32-byte AES-256-GCM key of the NIK, as 64 hex characters (NIK_ENCRYPTION_KEY). */
  nikEncryptionKey: string;
  publicUrl: string;
  secureCookies: boolean;
  filesDir: string;
  /** CERT_SIGNING_P12 as an absolute path, or null for the development certificate. */
  certSigningP12Path: string | null;
  /** CERT_SIGNING_PASSPHRASE ('' when not set). */
  certSigningPassphrase: string;
  /** Directory of the generated development signing certificate (CERT_SIGNING_DIR). */
  certSigningDir: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? null)})`));
  }
  const e = parsed.data;
  const database = e.DATABASE_URL.startsWith('sqlite:')
    ? ({ kind: 'sqlite', file: e.DATABASE_URL.slice('sqlite:'.length) } as const)
    : ({ kind: 'postgres', url: e.DATABASE_URL } as const);
  let sessionSecret = e.SESSION_SECRET;
  if (!sessionSecret) {
    if (database.kind !== 'sqlite' || database.file === ':memory:') {
      if (database.kind === 'postgres') throw new ConfigError(['SESSION_SECRET: required with PostgreSQL (at least 32 characters)']);
      sessionSecret = randomBytes(32).toString('hex');
    } else {
      sessionSecret = keptSecret(path.join(path.dirname(database.file), 'session-secret'));
    }
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  // The embedded default keeps generated keys beside the database file (like the session secret);
  // with PostgreSQL they are derived from SESSION_SECRET (shared by every instance) unless given.
  const derived = (label: string) => createHmac('sha256', sessionSecret!).update(`lentera:${label}`).digest('hex');
  const keyOf = (given: string | undefined, file: string, label: string): string => {
    if (given) return given.toLowerCase();
    if (database.kind === 'sqlite' && database.file !== ':memory:') return keptSecret(path.join(path.dirname(database.file), file));
    return derived(label);
  };
  const activationKey = keyOf(e.ACTIVATION_KEY, 'activation-key', 'activation-key');
  const nikEncryptionKey = keyOf(e.NIK_ENCRYPTION_KEY, 'nik-key', 'nik-encryption-key');
  const { SESSION_SECRET: _omit, ACTIVATION_KEY: _a, NIK_ENCRYPTION_KEY: _n, ...rest } = e;
  const filesDir = path.resolve(
    e.FILES_DIR ?? (database.kind === 'sqlite' && database.file !== ':memory:' ? path.join(path.dirname(database.file), 'files') : './data/files'),
  );
  const certSigningP12Path = e.CERT_SIGNING_P12 ? path.resolve(e.CERT_SIGNING_P12) : null;
  if (certSigningP12Path && !existsSync(certSigningP12Path)) {
    throw new ConfigError([`CERT_SIGNING_P12: file not found (got ${JSON.stringify(e.CERT_SIGNING_P12)})`]);
  }
  const certSigning = {
    certSigningP12Path,
    certSigningPassphrase: e.CERT_SIGNING_PASSPHRASE ?? '',
    certSigningDir: path.resolve(
      e.CERT_SIGNING_DIR ?? (database.kind === 'sqlite' && database.file !== ':memory:' ? path.join(path.dirname(database.file), 'signing') : path.join(filesDir, '.signing')),
    ),
  };
  return { ...rest, database, sessionSecret, activationKey, nikEncryptionKey, publicUrl, secureCookies: publicUrl.startsWith('https://'), filesDir, ...certSigning };
}

/** The embedded default generates its session secret once and keeps it beside the database file. */
function keptSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
