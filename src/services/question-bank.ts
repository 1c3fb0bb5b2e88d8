// The question bank of a programme. (Issue 4: authoring, import and export are added here; the
// cached read below is what attempts draw from.)
import type { BankQuestion } from '../domain/quiz.js';
import type { AppContext } from './context.js';

/**
 * A programme's active questions change only when an author edits the bank, but are read by every
 * attempt start (a whole cohort may press Start in the same minute): they are kept in memory for a
 * few seconds and dropped at once when this instance changes the bank.
 */
export const BANK_TTL_MS = 5_000;
const bankCache = new WeakMap<AppContext['repos'], Map<number, { at: number; value: Promise<BankQuestion[]> }>>();

export function questionBankChanged(ctx: Pick<AppContext, 'repos'>): void {
  bankCache.get(ctx.repos)?.clear();
}

export function activeBank(ctx: Pick<AppContext, 'repos'>, programmeId: number): Promise<BankQuestion[]> {
  let perCtx = bankCache.get(ctx.repos);
  if (!perCtx) bankCache.set(ctx.repos, (perCtx = new Map()));
  const nowMs = Date.now();
  const hit = perCtx.get(programmeId);
  if (hit && nowMs - hit.at < BANK_TTL_MS) return hit.value;
  const value = ctx.repos.questions.activeBank(programmeId);
  value.catch(() => perCtx!.delete(programmeId));
  perCtx.set(programmeId, { at: nowMs, value });
  return value;
}
