// Benchmark knobs from environment variables, refused with the variable's name when invalid.

export function envNumber(name: string, fallback: number, check: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) throw new Error(`${name}=${raw} is not valid`);
  return n;
}

/** A "min-max" range of milliseconds, e.g. BENCH_QUIZ_THINK_MS=3000-9000. */
export function envRange(name: string, fallback: [number, number]): [number, number] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(raw.trim());
  if (!m || Number(m[1]) > Number(m[2])) throw new Error(`${name}=${raw}: expected "min-max" in ms, e.g. ${fallback[0]}-${fallback[1] || 2000}`);
  return [Number(m[1]), Number(m[2])];
}
