// Input validation: zod schemas in each module's schema.ts, errors turned into one message per field in
// the user's language. A schema may attach its own message key with `{ params: { key: '…' } }` or `message: 'key'`.
import type { z } from 'zod';
import type { FieldErrors } from './errors.ts';
import type { Translate } from './i18n.ts';
import { err, ok, type Result } from './result.ts';

type Issue = z.core.$ZodIssue;

function messageFor(issue: Issue, t: Translate): string {
  const custom = (issue as { params?: { key?: string } }).params?.key;
  if (custom) return t(custom, (issue as { params?: Record<string, string | number> }).params);
  if (issue.message && /^[a-z_]+\.[a-z_.]+$/.test(issue.message)) return t(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? t('validation.required')
        : t('validation.invalid');
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? t('validation.required') : t('validation.too_short', { min: Number(issue.minimum) });
      }
      if (issue.origin === 'array' || issue.origin === 'set') return t('validation.too_few', { min: Number(issue.minimum) });
      return t('validation.too_small', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.too_long', { max: Number(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') return t('validation.too_many', { max: Number(issue.maximum) });
      return t('validation.too_big', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      if (issue.format === 'url') return t('validation.url');
      return t('validation.format');
    case 'invalid_value':
      return t('validation.choice');
    default:
      return t('validation.invalid');
  }
}

/** Flattens zod issues to the first message per field path ("countries.2" becomes "countries"). */
export function toFieldErrors(issues: readonly Issue[], t: Translate): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const name = String(issue.path.find((p) => typeof p === 'string') ?? '_form');
    fields[name] ??= messageFor(issue, t);
  }
  return fields;
}

export function validate<S extends z.ZodType>(schema: S, input: unknown, t: Translate): Result<z.output<S>, FieldErrors> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error.issues, t));
}

// Form posts arrive as strings (or string arrays for repeated fields); these helpers read them for zod.

/** Trims, removes NUL and other control characters, and turns "" into undefined. */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return text === '' ? undefined : text;
}

export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

export const isChecked = (value: unknown): boolean => value === 'on' || value === 'true' || value === '1';
