// Reads a posted form, urlencoded or multipart, into plain fields and uploaded files.
// Multipart files are already buffered by the multipart plugin (app.ts), within the upload size cap.
import type { FastifyRequest } from 'fastify';

export interface UploadedFile {
  fileName: string;
  data: Buffer;
}

export interface FormBody {
  fields: Record<string, string | string[]>;
  files: Record<string, UploadedFile>;
}

interface MultipartPart {
  type?: 'file' | 'field';
  value?: unknown;
  filename?: string;
}

function add(fields: Record<string, string | string[]>, name: string, value: string): void {
  const current = fields[name];
  if (current === undefined) fields[name] = value;
  else if (Array.isArray(current)) current.push(value);
  else fields[name] = [current, value];
}

export function readForm(req: FastifyRequest): FormBody {
  const body = req.body;
  const form: FormBody = { fields: {}, files: {} };
  if (!body || typeof body !== 'object') return form;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === '__proto__' || name === 'constructor') continue;
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item === 'string') add(form.fields, name, item);
      else if (item && typeof item === 'object') {
        const part = item as MultipartPart;
        if (part.type === 'file') {
          if (Buffer.isBuffer(part.value) && part.value.length > 0) {
            form.files[name] = { fileName: String(part.filename ?? 'upload'), data: part.value };
          }
        } else if (typeof part.value === 'string') add(form.fields, name, part.value);
      }
    }
  }
  return form;
}

/** The query string as plain fields (Fastify parses it into strings and arrays of strings). */
export function readQuery(req: FastifyRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
