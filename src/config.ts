// The one place that reads the environment. Everything else receives a `Config`.
// Boot fails fast and lists every problem at once, so a misconfigured server never half-starts.
import path from 'node:path';
import { z } from 'zod';

const locales = ['fr', 'en'] as const;

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  BASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DEFAULT_LOCALE: z.enum(locales).default('fr'),
  TERRITORY_NAME: z.string().min(1).max(120).default('Passerelle'),
  DEMO_DATA: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Passerelle <no-reply@localhost>'),
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24 * 7),
  PLEDGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  /** How long a page rendered for a visitor (no session) is served again before being rendered anew; 0: never. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).optional(),
});

export type Locale = (typeof locales)[number];

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  defaultLocale: Locale;
  territoryName: string;
  demoData: boolean;
  logLevel: string;
  mail: { smtpUrl: string | undefined; from: string; retentionDays: number };
  session: { idleMinutes: number; absoluteHours: number };
  pledgeRetentionDays: number;
  uploadMaxBytes: number;
  pageCacheSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Builds the config from an environment (process.env by default); throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like `npm start`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    defaultLocale: e.DEFAULT_LOCALE,
    territoryName: e.TERRITORY_NAME,
    demoData: e.DEMO_DATA,
    logLevel: e.LOG_LEVEL,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, retentionDays: e.MAIL_RETENTION_DAYS },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    pledgeRetentionDays: e.PLEDGE_RETENTION_DAYS,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    // Off in tests by default: they write through commands and read pages at once.
    pageCacheSeconds: e.PAGE_CACHE_SECONDS ?? (e.NODE_ENV === 'test' ? 0 : 5),
  };
}
