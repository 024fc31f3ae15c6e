import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { files } from './tables.ts';

export async function findFile(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ content: files.content, mediaType: files.mediaType, fileName: files.fileName, sha256: files.sha256, restricted: files.restricted })
    .from(files)
    .where(eq(files.id, id));
  return row;
}
