// Writes of the administration: the platform settings, logo included (audited).
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Actor } from '../../kernel/actor.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { failure, type Failure } from '../../kernel/errors.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { storeImage, type ImageRefusal, type Upload } from '../files/commands.ts';
import { can } from './policy.ts';
import { forgetPlatformSettings, readPlatformSettings } from './queries.ts';
import type { SettingsInput } from './schema.ts';
import { platformSettings } from './tables.ts';

const logoErrorKey: Record<ImageRefusal, string> = {
  svg: 'admin.error.logo_svg',
  not_an_image: 'admin.error.logo_not_image',
  too_large: 'admin.error.logo_too_large',
};

/** The largest side of the stored logo: the header shows it at 40 px, sharp on high-density screens. */
const LOGO_MAX_SIDE = 256;

/**
 * Saves the settings. A new logo is checked from its bytes (no SVG), re-encoded and stored; `removeLogo` goes back
 * to the default one. Refused images give a field error on `logo` and change nothing.
 */
export async function savePlatformSettings(db: Db, actor: Actor, input: SettingsInput, logo?: Upload): Promise<Result<void, Failure>> {
  if (!can(actor, 'manage_settings')) return err(failure('forbidden'));
  forgetPlatformSettings(db);
  const before = await readPlatformSettings(db);
  const saved = await inTransaction(db, async (tx): Promise<Result<void, Failure>> => {
    let logoFileId = input.removeLogo ? null : before.logoFileId;
    if (logo) {
      const stored = await storeImage(tx, actor.userId, logo, { maxSide: LOGO_MAX_SIDE });
      if (!stored.ok) return err(failure('validation', { logo: logoErrorKey[stored.error] }));
      logoFileId = stored.value.id;
    }
    const values = { territoryName: input.territoryName, defaultLocale: input.defaultLocale, contactEmail: input.contactEmail ?? null, logoFileId, updatedAt: new Date() };
    await tx.insert(platformSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: platformSettings.id, set: values });
    await recordAudit(tx, actor, {
      action: 'settings.updated',
      subjectType: 'settings',
      subjectId: 'platform',
      before,
      after: { territoryName: values.territoryName, defaultLocale: values.defaultLocale, contactEmail: values.contactEmail, logoFileId: values.logoFileId },
    });
    return ok(undefined);
  });
  forgetPlatformSettings(db);
  return saved;
}
