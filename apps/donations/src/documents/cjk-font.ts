import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/*
 * The Chinese font every document is set in: Noto Sans SC (SIL Open Font License), from the
 * @expo-google-fonts/noto-sans-sc package. Its TTFs are ~10 MB each, but pdfkit embeds only the
 * glyphs a document uses, so a receipt stays a few tens of kilobytes. The font also covers Latin
 * letters, digits and ¥, so one family serves both languages.
 */

export interface CjkFontPaths {
  regular: string;
  /** The bold weight when the package ships it; otherwise the regular one again. */
  bold: string;
}

const PACKAGE = '@expo-google-fonts/noto-sans-sc';
const REGULAR = `${PACKAGE}/400Regular/NotoSansSC_400Regular.ttf`;
const BOLD = `${PACKAGE}/700Bold/NotoSansSC_700Bold.ttf`;

/** The names the fonts are registered under in every document made by `newCjkDocument`. */
export const CJK_REGULAR = 'NotoSansSC-Regular';
export const CJK_BOLD = 'NotoSansSC-Bold';

let resolved: CjkFontPaths | undefined;

function resolveFont(request: string): string | undefined {
  try {
    const path = require.resolve(request);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The font files, resolved once; a clear error when the package is missing. */
export function cjkFontPaths(): CjkFontPaths {
  if (resolved) return resolved;
  const regular = resolveFont(REGULAR);
  if (!regular) {
    throw new Error(
      `The Chinese font for receipts and reports is missing: could not resolve ${REGULAR}. ` +
        `It comes with the ${PACKAGE} dependency; run npm install (or npm ci) in the repository root.`,
    );
  }
  resolved = { regular, bold: resolveFont(BOLD) ?? regular };
  return resolved;
}

/** A PDF document with both weights registered and the regular one selected. */
export function newCjkDocument(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const fonts = cjkFontPaths();
  const doc = new PDFDocument(options);
  doc.registerFont(CJK_REGULAR, fonts.regular);
  doc.registerFont(CJK_BOLD, fonts.bold);
  doc.font(CJK_REGULAR);
  return doc;
}

/**
 * Ends the document and resolves with its bytes. The listeners are attached before `end()`,
 * since pdfkit streams as it goes and a small document may be complete at once.
 */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
