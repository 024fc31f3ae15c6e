// Storing documents (application attachments, reports): the type is read from the bytes — PDF, ODT, DOCX —
// never trusted from the name or the browser; anything else, and anything over the size cap, is refused.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { Db, Tx } from '../../db/client.ts';
import { newId } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { files } from './tables.ts';

export type DocumentRefusal = 'too_large' | 'not_a_document' | 'empty';
export type DocumentType = 'pdf' | 'odt' | 'docx';

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

const mediaTypes: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The document type from its first bytes (and, for zip containers, from the entries that identify them). */
/** The IANA media type of a stored document type (IATI document-link format). */
export const documentMediaType = (type: DocumentType): string => mediaTypes[type];

export function sniffDocument(data: Buffer): DocumentType | null {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (data.length > 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) {
    // ODF puts an uncompressed "mimetype" entry first: read it straight from the local header.
    const nameLength = data.readUInt16LE(26);
    const extraLength = data.readUInt16LE(28);
    const name = data.subarray(30, 30 + nameLength).toString('latin1');
    if (name === 'mimetype') {
      const start = 30 + nameLength + extraLength;
      const mime = data.subarray(start, start + 39).toString('latin1');
      if (mime === 'application/vnd.oasis.opendocument.text') return 'odt';
    }
    try {
      const entries = unzipSync(new Uint8Array(data), { filter: (f) => f.name === '[Content_Types].xml' || f.name === 'word/document.xml' });
      if (entries['[Content_Types].xml'] && entries['word/document.xml']) return 'docx';
    } catch {
      return null;
    }
  }
  return null;
}

export async function storeDocument(
  tx: Db | Tx,
  userId: string | null,
  upload: { fileName: string; data: Buffer },
  options: { maxBytes?: number; restricted?: boolean } = {},
): Promise<Result<{ id: string; type: DocumentType; fileName: string }, DocumentRefusal>> {
  if (upload.data.length === 0) return err('empty');
  if (upload.data.length > (options.maxBytes ?? DOCUMENT_MAX_BYTES)) return err('too_large');
  const type = sniffDocument(upload.data);
  if (!type) return err('not_a_document');
  const id = newId();
  const baseName = upload.fileName.replace(/[^\w.-]+/g, '_').replace(/\.[^.]*$/, '').slice(0, 100) || 'document';
  const fileName = `${baseName}.${type}`;
  await tx.insert(files).values({
    id,
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    mediaType: mediaTypes[type],
    fileName,
    size: upload.data.length,
    content: upload.data,
    restricted: options.restricted ?? false,
    createdBy: userId,
  });
  return ok({ id, type, fileName });
}
