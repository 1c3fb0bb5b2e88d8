// Benchmark report: machine header, one table per database, plain-text summary for stdout.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { ROOT } from './server.js';

export type Status = 'pass' | 'fail' | 'info';

export interface Row {
  metric: string;
  measured: string;
  target?: string;
  status: Status;
  note?: string;
}

export interface Section {
  title: string;
  /** A line shown instead of (or above) the table, e.g. why a database was skipped. */
  remark?: string;
  rows: Row[];
}

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  commit: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  let cpus = os.availableParallelism?.() ?? os.cpus().length;
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cpus;
  } catch {
    /* nproc missing: keep Node's count */
  }
  // BENCH_COMMIT names the commit without asking git (e.g. where git must not run).
  let commit = process.env.BENCH_COMMIT || 'unknown';
  if (!process.env.BENCH_COMMIT) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      /* not a git checkout */
    }
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    commit,
    os: `${os.type()} ${os.release()}`,
  };
}

export const passIf = (ok: boolean): Status => (ok ? 'pass' : 'fail');
const mark = (s: Status) => (s === 'pass' ? '✅' : s === 'fail' ? '❌' : '');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One section as Markdown: a heading of `level`, its remark and its table. */
export function renderSection(s: Section, level = 2): string[] {
  const lines: string[] = [`${'#'.repeat(level)} ${s.title}`, ''];
  if (s.remark) lines.push(s.remark, '');
  if (s.rows.length) {
    lines.push('| Metric | Measured | Target | Result |', '|---|---|---|---|');
    for (const r of s.rows) lines.push(`| ${cell(r.metric)} | ${cell(r.measured)}${r.note ? ` (${cell(r.note)})` : ''} | ${cell(r.target ?? '—')} | ${mark(r.status)} |`);
    lines.push('');
  }
  return lines;
}

/**
 * A part of the report that a partial run (e.g. `--only quiz`) can replace on its own: Markdown
 * between two HTML comments that do not show when rendered.
 */
export interface Block {
  id: string;
  markdown: string;
}

const blockBegin = (id: string) => `<!-- bench:${id}:begin -->`;
const blockEnd = (id: string) => `<!-- bench:${id}:end -->`;
const wrapBlock = (b: Block) => `${blockBegin(b.id)}\n${b.markdown.trimEnd()}\n${blockEnd(b.id)}\n`;

/**
 * Puts `block` into an existing report: in place of the block with the same id, else before
 * "## Notes" (or "## How to run", or at the end). The rest of the report is kept as it was.
 */
export function spliceBlock(existing: string, block: Block): string {
  const begin = existing.indexOf(blockBegin(block.id));
  const end = existing.indexOf(blockEnd(block.id));
  if (begin >= 0 && end > begin) {
    const after = existing.indexOf('\n', end);
    return existing.slice(0, begin) + wrapBlock(block) + (after >= 0 ? existing.slice(after + 1) : '');
  }
  for (const heading of ['\n## Notes\n', '\n## How to run\n']) {
    const at = existing.indexOf(heading);
    if (at >= 0) return `${existing.slice(0, at + 1)}${wrapBlock(block)}\n${existing.slice(at + 1)}`;
  }
  return `${existing.trimEnd()}\n\n${wrapBlock(block)}`;
}

export function renderMarkdown(opts: { title: string; machine: MachineInfo; intro?: string; sections: Section[]; blocks?: Block[]; howToRun: string; notes?: string[] }): string {
  const m = opts.machine;
  const lines: string[] = [`# ${opts.title}`, ''];
  if (opts.intro) lines.push(opts.intro, '');
  lines.push(
    `- Date: ${m.date}`,
    `- Machine: ${m.cpus} CPU cores (\`nproc\`), ${m.memory} memory, ${m.cpuModel}, ${m.os}`,
    `- Node: ${m.node}`,
    `- Commit: ${m.commit}`,
    '',
  );
  for (const s of opts.sections) lines.push(...renderSection(s));
  for (const b of opts.blocks ?? []) lines.push(wrapBlock(b));
  if (opts.notes?.length) {
    lines.push('## Notes', '');
    for (const n of opts.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  lines.push('## How to run', '', opts.howToRun, '');
  return lines.join('\n');
}

export function renderText(sections: Section[]): string {
  const out: string[] = [];
  for (const s of sections) {
    out.push(`== ${s.title} ==`);
    if (s.remark) out.push(`   ${s.remark}`);
    const w = Math.max(0, ...s.rows.map((r) => r.metric.length));
    for (const r of s.rows) {
      const status = r.status === 'pass' ? 'PASS' : r.status === 'fail' ? 'FAIL' : '    ';
      out.push(`  ${status} ${r.metric.padEnd(w)}  ${r.measured}${r.note ? ` (${r.note})` : ''}${r.target ? `   [target ${r.target}]` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
