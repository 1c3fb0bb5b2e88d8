// Libraries that only exports, imports and certificates use, loaded on their first use.
//
// exceljs, pdfkit (with fontkit and qrcode), sharp and node-forge with @signpdf add about 50 MB to a
// server's resident memory when imported at start (measured: 122 MB with them, 70 MB without, of which
// exceljs alone is 16 MB and pdfkit 12 MB), yet the requests participants make all day never touch
// them. Each is imported once, when first needed, and kept.
import type ExcelJSModule from 'exceljs';
import type PDFDocumentClass from 'pdfkit';
import type QRCodeModule from 'qrcode';
import type SharpModule from 'sharp';
import type ForgeModule from 'node-forge';

type Loader<T> = () => Promise<T>;
function once<T>(load: () => Promise<T>): Loader<T> {
  let p: Promise<T> | undefined;
  return () => {
    if (!p) {
      p = load();
      p.catch(() => (p = undefined)); // a failed import is tried again next time
    }
    return p;
  };
}

export const loadExcelJS: Loader<typeof ExcelJSModule> = once(async () => (await import('exceljs')).default);
export const loadPdfKit: Loader<typeof PDFDocumentClass> = once(async () => (await import('pdfkit')).default);
export const loadQRCode: Loader<typeof QRCodeModule> = once(async () => (await import('qrcode')).default);
export const loadFontkit = once(() => import('fontkit'));
export const loadSharp: Loader<typeof SharpModule> = once(async () => (await import('sharp')).default);
export const loadForge: Loader<typeof ForgeModule> = once(async () => (await import('node-forge')).default);
export const loadSignPdf = once(async () => {
  const [signpdf, placeholder] = await Promise.all([import('@signpdf/signpdf'), import('@signpdf/placeholder-plain')]);
  return { SignPdf: signpdf.SignPdf, Signer: signpdf.Signer, plainAddPlaceholder: placeholder.plainAddPlaceholder };
});
