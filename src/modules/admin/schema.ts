import { z } from 'zod';
import { cleanText } from '../../kernel/validation.ts';

const optionalDate = z.preprocess((v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined), z.string().optional());

/** Filters of the audit log (invalid values are dropped: a page never fails on its filters). */
export const auditFilterSchema = z.object({
  action: z.preprocess((v) => (typeof v === 'string' && /^[a-z_.]{1,60}$/.test(v) ? v : undefined), z.string().optional()),
  actor: z.preprocess((v) => { const c = cleanText(v); return c && c.length <= 254 ? c : undefined; }, z.string().optional()),
  organisation: z.preprocess((v) => (typeof v === 'string' && /^[a-z0-9-]{1,100}$/.test(v) ? v : undefined), z.string().optional()),
  subjectType: z.preprocess((v) => (typeof v === 'string' && /^[a-z_]{1,40}$/.test(v) ? v : undefined), z.string().optional()),
  from: optionalDate,
  to: optionalDate,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const outboxFilterSchema = z.object({
  to: z.preprocess((v) => { const c = cleanText(v); return c && c.length <= 254 ? c : undefined; }, z.string().optional()),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const settingsSchema = z.object({
  territoryName: z.preprocess(cleanText, z.string().min(1).max(120)),
  defaultLocale: z.enum(['fr', 'en']),
  contactEmail: z.preprocess(cleanText, z.email().max(254).optional()),
  /** The "back to the default logo" checkbox. */
  removeLogo: z.preprocess((v) => v === 'on', z.boolean()),
});
export type SettingsInput = z.infer<typeof settingsSchema>;
