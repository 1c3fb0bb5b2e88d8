import type { FastifyRequest } from 'fastify';
import type { AppError } from './errors.js';

/** A form field as a string (forms send strings; anything else counts as empty). Capped in length. */
export function formString(req: FastifyRequest, name: string, max = 1024): string {
  const body = req.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body[name] : undefined;
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** Field messages of an AppError, translated for the page. */
export function fieldMessages(req: FastifyRequest, err: AppError): Record<string, string[]> {
  return Object.fromEntries(Object.entries(err.options.fields ?? {}).map(([f, ps]) => [f, ps.map((p) => req.t(p.key, p.params))]));
}
