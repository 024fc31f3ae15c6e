// Storing images: the type is read from the bytes (never trusted from the name or the browser), SVG is
// refused (it can carry scripts), and the image is re-encoded, which drops EXIF/GPS and any trailing payload.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Db, Tx } from '../../db/client.ts';
import { newId } from '../../kernel/ids.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { files } from './tables.ts';

export interface Upload {
  fileName: string;
  data: Buffer;
}

export type ImageRefusal = 'svg' | 'not_an_image' | 'too_large';

const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);

function looksLikeSvg(data: Buffer): boolean {
  const head = data.subarray(0, 1024).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')) || head.includes('<!doctype svg');
}

/** Re-encodes an uploaded image to WebP, at most `maxSide` pixels wide and high. */
export async function normaliseImage(data: Buffer, maxSide = 512, maxBytes = 5 * 1024 * 1024): Promise<Result<{ data: Buffer; width: number; height: number }, ImageRefusal>> {
  if (data.length > maxBytes) return err('too_large');
  if (looksLikeSvg(data)) return err('svg');
  try {
    const meta = await sharp(data, { limitInputPixels: 40_000_000 }).metadata();
    if (!meta.format || meta.format === 'svg') return err(meta.format === 'svg' ? 'svg' : 'not_an_image');
    if (!acceptedFormats.has(meta.format)) return err('not_an_image');
    const { data: out, info } = await sharp(data, { limitInputPixels: 40_000_000, animated: false })
      .rotate()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return ok({ data: out, width: info.width, height: info.height });
  } catch {
    return err('not_an_image');
  }
}

export async function storeImage(
  tx: Db | Tx,
  userId: string | null,
  upload: Upload,
  options: { maxSide?: number; maxBytes?: number } = {},
): Promise<Result<{ id: string }, ImageRefusal>> {
  const image = await normaliseImage(upload.data, options.maxSide, options.maxBytes);
  if (!image.ok) return image;
  const id = newId();
  const baseName = upload.fileName.replace(/[^\w.-]+/g, '_').replace(/\.[^.]*$/, '').slice(0, 100) || 'image';
  await tx.insert(files).values({
    id,
    sha256: createHash('sha256').update(image.value.data).digest('hex'),
    mediaType: 'image/webp',
    fileName: `${baseName}.webp`,
    size: image.value.data.length,
    width: image.value.width,
    height: image.value.height,
    content: image.value.data,
    createdBy: userId,
  });
  return ok({ id });
}

const palette = ['#1d4e89', '#7a3b69', '#2f6b3a', '#8a4b0f', '#0f5e66', '#6b2d2d', '#44536b', '#5b4a8a'];

/** A logo made of the organisation's initials on a colour picked from its name (demo data, never fetched). */
export async function storeInitialsLogo(tx: Db | Tx, name: string): Promise<{ id: string }> {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 2 || /^[A-Z0-9]+$/.test(w));
  const initials = (words.length >= 2 ? words[0]![0]! + words[1]![0]! : (words[0] ?? 'P').slice(0, 2)).toUpperCase();
  const hash = createHash('sha256').update(name).digest();
  const colour = palette[hash[0]! % palette.length]!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" rx="28" fill="${colour}"/><text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="104" font-weight="bold" fill="#ffffff">${initials}</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const stored = await storeImage(tx, null, { fileName: `${initials}.png`, data: png });
  if (!stored.ok) throw new Error(`generated logo refused: ${stored.error}`);
  return stored.value;
}

// Documents (PDF, ODT, DOCX sniffed from their bytes) live in their own file; other modules reach them here.
export { DOCUMENT_MAX_BYTES, documentMediaType, sniffDocument, storeDocument, type DocumentRefusal, type DocumentType } from './documents.ts';
