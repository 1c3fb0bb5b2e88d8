// HTTP byte ranges (RFC 9110 §14) for media: one range per request, which is what video players and
// PDF viewers ask for. Several ranges at once are answered with the whole file (a server may ignore Range).

export type RangeRequest = { kind: 'none' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

const DIGITS = /^\d{1,15}$/;

/** Reads a Range header against a file of `size` bytes. Malformed or multi-range headers are ignored ('none'). */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (typeof header !== 'string') return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'none' };
  const specs = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length !== 1) return { kind: 'none' };
  const dash = specs[0]!.indexOf('-');
  if (dash < 0) return { kind: 'none' };
  const first = specs[0]!.slice(0, dash).trim();
  const last = specs[0]!.slice(dash + 1).trim();
  if (first === '') {
    // bytes=-N: the last N bytes.
    if (!DIGITS.test(last)) return { kind: 'none' };
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - n), end: size - 1 };
  }
  if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return { kind: 'none' };
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'range', start, end };
}

/** True when an If-None-Match header matches the entity tag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}
