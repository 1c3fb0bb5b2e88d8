// The certificate PDF: one A4 landscape page laid out with pdfkit, fonts embedded (DejaVu Serif,
// shipped in assets/fonts, subset by pdfkit per document), the participant's photo and a vector
// QR code to the public verification page. Pure rendering: no database, no disk reads per document
// (the font files are read once and kept in memory).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { create as parseFont } from 'fontkit';
import type QRCodeModule from 'qrcode';
import { loadFontkit, loadPdfKit, loadQRCode } from '../heavy-modules.js';
import { translate, type MessageKey, type Params } from '../../i18n/index.js';
import { formatDate, parseLocalDate, startOfLocalDay } from '../../domain/time.js';

export interface CertificateContent {
  number: string;
  holderName: string;
  /** Printed in full on the PDF (only the verification page masks it). */
  nip: string;
  unitName: string;
  agencyName: string;
  programmeTitle: string;
  cohortName: string;
  /** Local dates YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  issuedOn: string;
  jp: number;
  signerName: string;
  signerPosition: string;
  signerPlace: string | null;
  /** JPEG already cropped to the 3:4 frame by preparePhoto; null draws an empty frame. */
  photo: Buffer | null;
  verifyUrl: string;
  locale: 'id' | 'en';
}

/** A4 landscape in PDF points. */
export const PAGE_WIDTH = 841.89;
export const PAGE_HEIGHT = 595.28;

const INK = '#1b2a41';
const ACCENT = '#9a7b2f';
const MUTED = '#555555';

/** The project root, found from this file whether it runs from src/ (tsx) or dist/ (bundle). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export const FONTS_DIR = path.join(projectRoot(), 'assets', 'fonts');

type ParsedFont = ReturnType<typeof parseFont>;
interface FontSet {
  regular: ParsedFont;
  bold: ParsedFont;
  italic: ParsedFont;
}

let fonts: Promise<FontSet> | null = null;

/**
 * The shipped TTFs, read and parsed once per thread and shared by every document: given a file,
 * pdfkit would parse it again for each document (about 20 ms per font), given the parsed fontkit
 * font it only builds the per-document subset. Rendering is synchronous, so documents never
 * interleave; but fontkit caches each glyph object with the characters it was first reached by,
 * and pdfkit writes those characters into the text layer (ToUnicode). A glyph first reached as a
 * component of an accented letter while subsetting (the "o" of "ö") would be cached without any,
 * and later documents would lose that letter when their text is copied or searched. So every
 * mapped glyph is created up front from its own code point.
 */
export function certificateFonts(): Promise<FontSet> {
  fonts ??= (async () => {
    const { create: parseFont } = await loadFontkit(); // pdfkit, fontkit and qrcode are loaded on first use
    const load = (file: string) => {
      const font = parseFont(readFileSync(path.join(FONTS_DIR, file)));
      for (const codePoint of font.characterSet) if (codePoint < 0xfb00 || codePoint > 0xfb4f) font.glyphForCodePoint(codePoint); // not the ligatures (ﬁ, ﬂ …): made by the shaper they keep "f"+"i" for the text layer
      return font;
    };
    return { regular: load('DejaVuSerif.ttf'), bold: load('DejaVuSerif-Bold.ttf'), italic: load('DejaVuSerif-Italic.ttf') };
  })();
  fonts.catch(() => (fonts = null));
  return fonts;
}

/** pdfkit's types only list file sources, but its font factory takes a parsed fontkit font as is. */
const asFontSource = (font: ParsedFont) => font as unknown as Buffer;

/** "28 November 2026" from a local date "2026-11-28" (the zone is irrelevant for a calendar date). */
export function formatLocalDate(localDate: string, locale: 'id' | 'en'): string {
  if (!parseLocalDate(localDate)) throw new RangeError(`Not a local date (YYYY-MM-DD): ${localDate}`);
  return formatDate(startOfLocalDay(localDate, 'WIB'), 'WIB', locale);
}

type Doc = PDFKit.PDFDocument;

/** Largest font size (from `max` down to `min`) at which `text` fits on one line of `width`. */
function fitSize(doc: Doc, font: string, text: string, width: number, max: number, min: number): number {
  doc.font(font);
  let size = max;
  while (size > min) {
    doc.fontSize(size);
    if (doc.widthOfString(text) <= width) break;
    size -= 0.5;
  }
  return size;
}

/**
 * One centred line, shrunk to fit the width rather than wrapped (names, units); text that does not
 * fit even at the smallest size wraps. Returns the y below it.
 */
function centredLine(doc: Doc, font: string, text: string, y: number, x: number, width: number, max: number, min: number): number {
  const size = fitSize(doc, font, text, width, max, min);
  doc.font(font).fontSize(size);
  if (doc.widthOfString(text) > width) {
    doc.text(text, x, y, { width, align: 'center' });
    return doc.y + size * 0.25;
  }
  doc.text(text, x, y, { width, align: 'center', lineBreak: false });
  return y + size * 1.25;
}

/** The QR code as vector rectangles (one path, horizontal runs merged): crisp at any zoom or print size. */
function drawQr(QRCode: typeof QRCodeModule, doc: Doc, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const quiet = 4; // the standard quiet zone, in modules: kept white around the symbol
  const m = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!data[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && data[row * n + col]) col++;
      doc.rect(x + (quiet + start) * m, y + (quiet + row) * m, (col - start) * m, m);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/** Renders the certificate; resolves with the PDF bytes (unsigned). */
export async function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const [PDFDocument, QRCode, f] = await Promise.all([loadPdfKit(), loadQRCode(), certificateFonts()]);
  const t = (key: MessageKey, params?: Params) => translate(c.locale, key, params);
  const nfc = (s: string) => s.normalize('NFC').trim();
  const holderName = nfc(c.holderName);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    // The default font would otherwise be Helvetica, whose metrics pdfkit parses for every document.
    font: asFontSource(f.regular) as unknown as string,
    // Deterministic metadata: the same content gives the same bytes (and the same file ID).
    info: {
      Title: t('cert.pdf.docTitle', { number: c.number }),
      Subject: t('cert.pdf.subject', { programme: nfc(c.programmeTitle), cohort: nfc(c.cohortName) }),
      Author: holderName,
      Creator: 'Lentera',
      Producer: 'Lentera (pdfkit)',
      CreationDate: startOfLocalDay(c.issuedOn, 'WIB'),
    },
    lang: c.locale === 'id' ? 'id-ID' : 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('regular', asFontSource(f.regular));
  doc.registerFont('bold', asFontSource(f.bold));
  doc.registerFont('italic', asFontSource(f.italic));

  const W = PAGE_WIDTH;
  const H = PAGE_HEIGHT;
  // Frame: a strong outer line and a thin inner accent line.
  doc.lineWidth(2.5).strokeColor(INK).rect(20, 20, W - 40, H - 40).stroke();
  doc.lineWidth(0.8).strokeColor(ACCENT).rect(28, 28, W - 56, H - 56).stroke();

  const cx = 90;
  const cw = W - 2 * cx;
  doc.fillColor(INK);
  doc.font('bold').fontSize(34).text(t('cert.pdf.title'), cx, 62, { width: cw, align: 'center', characterSpacing: 4, lineBreak: false });
  doc.fillColor(MUTED).font('regular').fontSize(11).text(t('cert.pdf.number', { number: c.number }), cx, 106, { width: cw, align: 'center', lineBreak: false });
  doc.lineWidth(1).strokeColor(ACCENT).moveTo(W / 2 - 110, 128).lineTo(W / 2 + 110, 128).stroke();

  doc.fillColor(INK).font('italic').fontSize(13).text(t('cert.pdf.awardedTo'), cx, 144, { width: cw, align: 'center', lineBreak: false });
  let y = centredLine(doc, 'bold', holderName, 168, cx - 20, cw + 40, 28, 15) + 6;
  y = centredLine(doc, 'regular', t('cert.pdf.nip', { nip: nfc(c.nip) }), y, cx, cw, 12, 8) + 2;
  y = centredLine(doc, 'regular', nfc(c.unitName), y, cx, cw, 12, 7);
  y = centredLine(doc, 'regular', nfc(c.agencyName), y, cx, cw, 12, 7) + 14;

  doc.font('italic').fontSize(12).text(t('cert.pdf.completed'), cx, y, { width: cw, align: 'center', lineBreak: false });
  y += 20;
  // The programme title may take two lines; what follows starts wherever it ends.
  const programme = nfc(c.programmeTitle);
  const titleSize = fitSize(doc, 'bold', programme, cw * 2, 16, 11);
  doc.font('bold').fontSize(titleSize).text(programme, cx, y, { width: cw, align: 'center' });
  y = centredLine(doc, 'regular', nfc(c.cohortName), doc.y + 2, cx, cw, 12, 8);
  const period = t('cert.pdf.period', {
    start: formatLocalDate(c.startDate, c.locale),
    end: formatLocalDate(c.endDate, c.locale),
    jp: c.jp,
  });
  doc.font('regular').fontSize(12).text(period, cx + 40, y, { width: cw - 80, align: 'center' });

  // Bottom row: QR code (left), photo (middle), place, date and signer (right).
  const rowTop = 400;
  const qrSize = 104;
  const qrX = 70;
  drawQr(QRCode, doc, c.verifyUrl, qrX, rowTop, qrSize);
  const captionW = 200;
  doc.fillColor(MUTED).font('regular').fontSize(7);
  doc.text(t('cert.pdf.verify'), qrX + 4, rowTop + qrSize + 2, { width: captionW, lineBreak: false });
  doc.text(c.verifyUrl, qrX + 4, rowTop + qrSize + 11, { width: captionW });
  doc.text(c.number, qrX + 4, doc.y + 1, { width: captionW, lineBreak: false });

  const photoW = 84; // 3:4
  const photoH = 112;
  const photoX = 318;
  const photoY = rowTop + 8;
  if (c.photo) {
    doc.image(c.photo, photoX, photoY, { width: photoW, height: photoH });
  } else {
    doc.fillColor(MUTED).font('italic').fontSize(8).text(t('cert.pdf.photo'), photoX, photoY + photoH / 2 - 5, { width: photoW, align: 'center', lineBreak: false });
  }
  doc.lineWidth(0.6).strokeColor(INK).rect(photoX, photoY, photoW, photoH).stroke();

  const sigX = 470;
  const sigW = W - sigX - 60;
  const issued = formatLocalDate(c.issuedOn, c.locale);
  const placeDate = c.signerPlace && c.signerPlace.trim() ? t('cert.pdf.placeDate', { place: nfc(c.signerPlace), date: issued }) : issued;
  doc.fillColor(INK).font('regular').fontSize(12).text(placeDate, sigX, rowTop, { width: sigW, align: 'center' });
  doc.text(nfc(c.signerPosition), sigX, doc.y + 2, { width: sigW, align: 'center' });
  const nameY = Math.max(doc.y + 44, rowTop + 104);
  doc.fillColor(MUTED).font('italic').fontSize(8).text(t('cert.pdf.signedElectronically'), sigX, nameY - 18, { width: sigW, align: 'center', lineBreak: false });
  const signer = nfc(c.signerName);
  centredLine(doc.fillColor(INK), 'bold', signer, nameY, sigX, sigW, 12, 8);

  doc.end();
  return done;
}
