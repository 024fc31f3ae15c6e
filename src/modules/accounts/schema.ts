import { z } from 'zod';
import { cleanText } from '../../kernel/validation.ts';
import { passwordProblem } from './passwords.ts';

const email = z.preprocess(cleanText, z.email().max(254));
const anyPassword = z.preprocess((v) => (typeof v === 'string' && v !== '' ? v : undefined), z.string().min(1).max(1024));

/** A new password: long enough and not a common one (the message names the reason). */
const newPassword = z.preprocess(
  (v) => (typeof v === 'string' && v !== '' ? v : undefined),
  z.string().superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `accounts.password_${problem}` });
  }),
);

export const signInSchema = z.object({ email, password: anyPassword });
export type SignInInput = z.infer<typeof signInSchema>;

export const createUserSchema = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(120),
  password: z.string().min(12, 'accounts.password_too_short').max(1024),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const signUpSchema = z.object({
  email,
  displayName: z.preprocess(cleanText, z.string().min(1).max(120)),
  password: newPassword,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const emailOnlySchema = z.object({ email });

export const newPasswordSchema = z.object({ password: newPassword });

export const changePasswordSchema = z.object({ current: anyPassword, password: newPassword });

export const changeEmailSchema = z.object({ email, current: anyPassword });

export const codeSchema = z.object({
  code: z.preprocess((v) => (typeof v === 'string' ? v.replace(/[\s-]/g, '') : undefined), z.string().min(6).max(20).regex(/^[A-Za-z0-9]+$/)),
});

export const apiTokenSchema = z.object({
  name: z.preprocess(cleanText, z.string().min(1).max(80)),
  scope: z.enum(['read', 'write']),
});

export const profileSchema = z.object({
  displayName: z.preprocess(cleanText, z.string().min(1).max(120)),
});

export const userSearchSchema = z.object({
  q: z.preprocess(cleanText, z.string().max(120).optional()),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** Output of GET /api/v1/me. */
export const meOutput = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  platformRoles: z.array(z.string()),
  organisations: z.array(z.object({ id: z.string(), role: z.string() })),
});
