// Reading a streamed multipart API request: the file part `file` and the text fields beside it.
import type { FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/index.js';
import { AppError, errors } from './errors.js';

/**
 * The file part `file` (the first one; other files are drained) and the text fields (each cut to
 * 100 characters). 415 without multipart, 413 over the route's limit, 400 with `missingKey` when
 * there is no non-empty file.
 */
export async function readMultipartUpload(req: FastifyRequest, missingKey: MessageKey): Promise<{ data: Buffer; filename: string; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'error.unsupported_media_type');
  const fields: Record<string, string> = {};
  let file: { data: Buffer; filename: string } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname === 'file' && !file) file = { data: await part.toBuffer(), filename: part.filename ?? '' };
        else part.file.resume();
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, 100);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { statusCode?: number }).statusCode === 413) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
    throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
  }
  if (!file || file.data.length === 0) throw errors.validation({ file: [{ key: missingKey }] });
  return { ...file, fields };
}
