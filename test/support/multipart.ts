// Test support: a multipart/form-data body as a browser sends it (fields first, then the files).
import { randomBytes } from 'node:crypto';

export interface MultipartFile {
  /** The form field's name. */
  field: string;
  filename: string;
  type?: string;
  data: Uint8Array;
}

/** The body and its content type; a field given a list is repeated. */
export function multipartBody(fields: Record<string, string | string[]>, files: MultipartFile[] = []): { payload: Buffer; type: string } {
  const boundary = `----lentera${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`), Buffer.from(f.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}
