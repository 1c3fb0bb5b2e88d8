// Initial credentials of bulk-provisioned participants: one-time activation codes (12 characters of
// Crockford base32, 60 random bits, shown as XXXX-XXXX-XXXX) stored only as HMAC-SHA-256 keyed
// hashes (ACTIVATION_KEY); the NIK stored with AES-256-GCM (NIK_ENCRYPTION_KEY) and shown masked.
// Slips (PDF, A4, several per page, a new page per unit) and an XLSX of the codes for the operator.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { loadExcelJS, loadPdfKit } from './heavy-modules.js';
import type { Principal } from '../domain/authorization.js';
import { formatEmployeeNumber } from '../domain/nip.js';
import { maskNik } from '../domain/participant-sheet.js';
import { translate } from '../i18n/index.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { getVisibleUser } from './users.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;

/** A new random code, e.g. "7K3M-Q9XT-2HBD" (each character from one byte & 31: unbiased, 60 bits). */
export function generateActivationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let s = '';
  for (const b of bytes) s += CROCKFORD[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** The canonical form of a typed code (dashes/spaces dropped, case-insensitive, I/L→1, O→0), or null when it cannot be one. */
export function normalizeActivationCode(input: string): string | null {
  if (input.length > 40) return null;
  const s = input.replace(/[\s\-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CROCKFORD.includes(ch)) return null;
  return s;
}

export function hashActivationCode(key: string, code: string): string {
  return createHmac('sha256', key).update(`activation:${normalizeActivationCode(code) ?? code}`).digest('hex');
}

/** True when the typed code matches the stored keyed hash (constant-time comparison). */
export function activationCodeMatches(key: string, storedHash: string | null, typed: string): boolean {
  if (!storedHash) return false;
  const code = normalizeActivationCode(typed);
  if (!code) return false;
  const a = Buffer.from(hashActivationCode(key, code));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------- AES-256-GCM (NIK, sealed code lists)

function seal(keyHex: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
}

function unseal(keyHex: string, sealed: string): string | null {
  if (!sealed.startsWith('v1:')) return null;
  try {
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export const encryptNik = (ctx: Pick<AppContext, 'config'>, nik: string): string => seal(ctx.config.nikEncryptionKey, nik);
export const decryptNik = (ctx: Pick<AppContext, 'config'>, stored: string | null): string | null => (stored ? unseal(ctx.config.nikEncryptionKey, stored) : null);
/** The NIK for display: masked ("5371••••••••0003"), or null. */
export const maskedNik = (ctx: Pick<AppContext, 'config'>, stored: string | null): string | null => {
  const nik = decryptNik(ctx, stored);
  return nik ? maskNik(nik) : null;
};

/** A key for sealing lists of freshly issued codes until the operator has printed them (derived from ACTIVATION_KEY). */
const sealKey = (ctx: Pick<AppContext, 'config'>) => createHash('sha256').update(`seal:${ctx.config.activationKey}`).digest('hex');

export interface Slip {
  userId: number;
  name: string;
  nip: string;
  unitCode: string;
  unitName: string;
  code: string;
}

export const sealSlips = (ctx: Pick<AppContext, 'config'>, slips: Slip[]): string => seal(sealKey(ctx), JSON.stringify(slips));
export function unsealSlips(ctx: Pick<AppContext, 'config'>, sealed: unknown): Slip[] | null {
  if (typeof sealed !== 'string') return null;
  const text = unseal(sealKey(ctx), sealed);
  if (text === null) return null;
  try {
    return JSON.parse(text) as Slip[];
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- issuing

/**
 * Issues a new activation code to each user (in the actor's scope; 404 otherwise): the previous code
 * stops working, the account must choose a password after signing in with it. Returns the codes
 * (shown once: print them with activationSlipsPdf / activationCodesXlsx). Audited per user.
 */
export async function issueActivationCodes(ctx: AppContext, actor: Actor & { principal: Principal }, userIds: number[]): Promise<Slip[]> {
  const slips: Slip[] = [];
  const users = [];
  for (const id of [...new Set(userIds)]) users.push(await getVisibleUser(ctx, actor.principal, id));
  const now = ctx.clock().toISOString();
  for (const user of users) {
    const code = generateActivationCode();
    await ctx.repos.provisioning.setActivationCode(user.id, hashActivationCode(ctx.config.activationKey, code), now);
    await audit(ctx, actor, 'user.activation_code_issued', { type: 'user', id: user.id });
    slips.push({ userId: user.id, name: user.name, nip: user.nip ?? user.login, unitCode: user.unit_code ?? '', unitName: user.unit_name ?? '', code });
  }
  return slips;
}

// ---------------------------------------------------------------- printing

export const SLIPS_PER_PAGE = 8;
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 28;

const bySlipOrder = (a: Slip, b: Slip) => a.unitCode.localeCompare(b.unitCode) || a.name.localeCompare(b.name, 'id') || a.nip.localeCompare(b.nip);

/** Slips grouped per unit (in unit code order), each group starting on a new page. */
export function slipsPerUnit(slips: Slip[]): Slip[][] {
  const groups = new Map<string, Slip[]>();
  for (const s of [...slips].sort(bySlipOrder)) {
    const g = groups.get(s.unitCode) ?? [];
    g.push(s);
    groups.set(s.unitCode, g);
  }
  return [...groups.values()];
}

/** One PDF of slips, A4, SLIPS_PER_PAGE per page (2 columns), a new page for each unit; text in Indonesian. */
export async function activationSlipsPdf(ctx: Pick<AppContext, 'config'>, slips: Slip[]): Promise<Buffer> {
  const t = (k: Parameters<typeof translate>[1]) => translate('id', k);
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, autoFirstPage: false, info: { Title: t('provision.codes.heading'), Creator: 'Lentera' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const cols = 2;
  const rows = SLIPS_PER_PAGE / cols;
  const w = (A4.width - 2 * MARGIN) / cols;
  const h = (A4.height - 2 * MARGIN) / rows;
  const address = `${ctx.config.publicUrl}/login`;
  // Standard PDF fonts speak WinAnsi: characters outside it are replaced rather than garbled.
  const safe = (s: string) => s.normalize('NFC').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
  for (const group of slipsPerUnit(slips)) {
    group.forEach((s, i) => {
      const pos = i % SLIPS_PER_PAGE;
      if (pos === 0) doc.addPage();
      const x = MARGIN + (pos % cols) * w;
      const y = MARGIN + Math.floor(pos / cols) * h;
      doc.save().dash(3, { space: 3 }).lineWidth(0.5).strokeColor('#888888').rect(x + 2, y + 2, w - 4, h - 4).stroke().restore();
      const left = x + 12;
      const width = w - 24;
      let cy = y + 12;
      const line = (label: string, value: string, opts: { font?: string; size?: number } = {}) => {
        doc.font('Helvetica').fontSize(7.5).fillColor('#555555').text(label, left, cy, { width });
        cy = doc.y;
        doc.font(opts.font ?? 'Helvetica-Bold').fontSize(opts.size ?? 9.5).fillColor('#000000').text(safe(value), left, cy, { width, lineBreak: true, height: 24, ellipsis: true });
        cy = doc.y + 3;
      };
      doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000').text(t('provision.slip.title'), left, cy, { width });
      cy = doc.y + 4;
      line(t('provision.slip.name'), s.name);
      line(t('provision.slip.nip'), formatEmployeeNumber(s.nip));
      line(t('provision.slip.unit'), `${s.unitCode} — ${s.unitName}`);
      line(t('provision.slip.address'), address, { font: 'Helvetica', size: 9 });
      line(t('provision.slip.code'), s.code, { font: 'Courier-Bold', size: 15 });
      doc.font('Helvetica').fontSize(7).fillColor('#333333').text(t('provision.slip.instructions'), left, cy, { width, height: y + h - cy - 8, ellipsis: true });
    });
  }
  if (slips.length === 0) doc.addPage().font('Helvetica').fontSize(11).text(t('provision.codes.none'));
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The codes as an XLSX (one row per participant, unit order), for mail merges or distribution lists. */
export async function activationCodesXlsx(ctx: Pick<AppContext, 'config'>, slips: Slip[]): Promise<Buffer> {
  const t = (k: Parameters<typeof translate>[1]) => translate('id', k);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lentera';
  const sheet = wb.addWorksheet(t('provision.xlsx.sheet'));
  sheet.columns = [
    { header: 'kode_unit', key: 'unitCode', width: 12 },
    { header: 'unit', key: 'unitName', width: 36 },
    { header: 'nip', key: 'nip', width: 22, style: { numFmt: '@' } },
    { header: 'nama', key: 'name', width: 36 },
    { header: 'kode_aktivasi', key: 'code', width: 18 },
    { header: 'alamat_masuk', key: 'address', width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const address = `${ctx.config.publicUrl}/login`;
  for (const s of [...slips].sort(bySlipOrder)) sheet.addRow({ unitCode: s.unitCode, unitName: s.unitName, nip: s.nip, name: s.name, code: s.code, address });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
