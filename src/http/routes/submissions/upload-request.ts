// Reading an uploaded Jurnal from a multipart request, shared by the API and the form post.
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../services/context.js';
import type { UploadedPart } from '../../../services/submissions.js';
import { zoneOfEnrolment } from '../../../services/learning.js';
import { LARGEST_MAX_BYTES } from '../../../activities/upload/index.js';
import { describeReason } from '../../../views/reasons.js';
import type { LockReason } from '../../../domain/progression.js';
import { AppError, errors } from '../../errors.js';

export const MULTIPART_LIMITS = { fileSize: LARGEST_MAX_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 4096 };

/** The uploaded file part named `file` (undefined when none was sent). Malformed bodies are 400, never 500. */
export async function readFilePart(req: FastifyRequest): Promise<UploadedPart | undefined> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'error.unsupported_media_type');
  try {
    const part = await req.file();
    if (!part) return undefined;
    if (part.fieldname !== 'file') {
      part.file.resume();
      return undefined;
    }
    return { file: part.file, filename: part.filename ?? '' };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw new AppError(413, 'payload_too_large', 'error.payload_too_large');
    throw errors.validation({ file: [{ key: 'error.field.invalid' }] });
  }
}

/** Describes a lock for the enrolment's zone and the caller's language. */
export async function lockDescriber(ctx: AppContext, req: FastifyRequest, enrolmentId: number) {
  const e = await ctx.repos.learning.enrolment(enrolmentId);
  const zone = e ? zoneOfEnrolment(e) : 'WIB';
  return (r: LockReason) => describeReason(r, req.t, req.locale, zone);
}

