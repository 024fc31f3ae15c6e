import { z } from 'zod';
import { organisationRoles } from '../../kernel/actor.ts';
import { cleanText } from '../../kernel/validation.ts';

export const inviteSchema = z.object({
  email: z.preprocess(cleanText, z.email().max(254)),
  role: z.enum(organisationRoles),
});

export const roleSchema = z.object({ role: z.enum(organisationRoles) });

export const claimSchema = z.object({
  message: z.preprocess(cleanText, z.string().min(10).max(2000)),
});
