// Networks: filters and output shapes of the public API.
import { z } from 'zod';
import { cleanText } from '../../kernel/validation.ts';

export const networkMembersFilterSchema = z.object({
  status: z.preprocess(cleanText, z.enum(['current', 'former', 'all'], { message: 'validation.choice' }).default('current')),
});
const orgRef = z.object({ id: z.string(), slug: z.string(), name: z.string() });
export const networkOutputSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  summary: z.string(),
  region: z.string().nullable(),
  organisation: orgRef.nullable().describe('the network’s own organisation in the directory, if any'),
  members: z.array(z.object({ organisation: orgRef, joinedOn: z.string(), leftOn: z.string().nullable() })),
});

// ─── The edit form and the message to the members ───────────────────────────────────────────────────────

const optionalText = (max: number) => z.preprocess(cleanText, z.string().max(max).optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'networks.error.date' }).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'networks.error.date' });
export const networkRoles = ['member', 'coordinator'] as const;

/** Members arrive as joined_<id>, left_<id>, role_<id>; the page gathers them into `members`. */
export const networkEditSchema = z
  .object({
    nameFr: optionalText(200),
    nameEn: optionalText(200),
    summaryFr: optionalText(4000),
    summaryEn: optionalText(4000),
    region: optionalText(200),
    members: z.record(
      z.uuid(),
      z.object({
        joinedOn: z.preprocess((v) => cleanText(v) ?? '', day),
        leftOn: z.preprocess(cleanText, day.optional()),
        role: z.preprocess((v) => cleanText(v) ?? 'member', z.enum(networkRoles, { message: 'validation.choice' })),
      }),
    ),
    version: z.preprocess((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number().int().min(1)),
  })
  .refine((v) => Boolean(v.nameFr || v.nameEn), { path: ['nameFr'], message: 'networks.error.name_required', when: () => true });
export type NetworkEditInput = z.output<typeof networkEditSchema>;

const requiredText = (max: number) => z.preprocess((v) => cleanText(v) ?? '', z.string().min(1).max(max));
export const memberMailSchema = z.object({ subject: requiredText(200), body: requiredText(10_000) });
export type MemberMailInput = z.output<typeof memberMailSchema>;
