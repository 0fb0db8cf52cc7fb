import { formatFen } from '@goodloop/money';
import { chineseAmountInWords } from './amount-in-words';
import { CJK_BOLD, CJK_REGULAR, newCjkDocument, pdfToBuffer } from './cjk-font';

/** What a donation receipt states. Amounts are integer fen. */
export interface ReceiptInput {
  /** Sequential per organisation and year, e.g. `2026-000042`. */
  receiptNumber: string;
  /** The receiving organisation (受赠单位), whose seal the receipt bears. */
  orgName: string;
  fundName: string;
  donorName: string;
  amountFen: number;
  /** When the payment was confirmed: the date the gift was received. */
  confirmedAt: Date;
  donationId: string;
  /** The donor's message to the fund, printed when there is one. */
  message?: string;
  /** A gift of a monthly recurring donation (this receipt covers this one charge). */
  recurring: boolean;
  /** The IANA time zone the date is printed in; Asia/Shanghai when left out. */
  timeZone?: string;
}

export const DEFAULT_RECEIPT_TIME_ZONE = 'Asia/Shanghai';

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 56;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const LABEL_WIDTH = 172;
const CELL_PADDING = 6;
const COLOUR = { text: '#1f2937', muted: '#6b7280', rule: '#9ca3af', fill: '#f3f4f6', seal: '#c8102e' };

/**
 * The donation receipt (捐赠收据) an organisation gives for a confirmed cash gift: A4, one page,
 * in Chinese with English labels. The amount is printed in figures and in capital numerals
 * (人民币大写), which is what makes a receipt hard to alter.
 *
 * It is the organisation's own receipt, not the 公益事业捐赠统一票据 printed under the finance
 * authorities' supervision that tax deductions need; the receipt says so and tells the donor to
 * ask the organisation for one.
 */
export function renderReceiptPdf(input: ReceiptInput): Promise<Buffer> {
  const timeZone = input.timeZone ?? DEFAULT_RECEIPT_TIME_ZONE;
  // Checked before anything is drawn: a receipt with a wrong amount or date must not exist.
  const amountFigures = formatFen(input.amountFen);
  if (input.amountFen <= 0) throw new RangeError(`a receipt is for a positive amount, got ${input.amountFen} fen`);
  const amountWords = chineseAmountInWords(input.amountFen);
  const date = formatReceiptDate(input.confirmedAt, timeZone);

  const doc = newCjkDocument({
    size: 'A4',
    // Everything is placed by hand on one page; the small bottom margin keeps pdfkit from
    // starting a new page for the footer and the seal.
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 24 },
    info: {
      Title: `捐赠收据 Donation receipt ${input.receiptNumber}`,
      Author: input.orgName,
      Subject: `${input.fundName} ${amountFigures}`,
      Creator: 'GoodLoop',
    },
  });

  // ------------------------------------------------------------------ heading
  doc.fillColor(COLOUR.text).font(CJK_BOLD).fontSize(24);
  doc.text('捐赠收据', MARGIN, MARGIN, { width: CONTENT_WIDTH, align: 'center', characterSpacing: 6 });
  doc.font(CJK_REGULAR).fontSize(11).fillColor(COLOUR.muted);
  doc.text('Donation receipt', { width: CONTENT_WIDTH, align: 'center' });
  doc.moveDown(0.8);

  const metaY = doc.y;
  doc.fontSize(10).fillColor(COLOUR.text);
  doc.text(`收据编号 No. ${input.receiptNumber}`, MARGIN, metaY, { width: CONTENT_WIDTH, align: 'right' });
  doc.text(`开具日期 Date: ${date.day}`, MARGIN, metaY, { width: CONTENT_WIDTH / 2, align: 'left' });
  doc.y = metaY + 22;

  // ------------------------------------------------------------------ the table
  const rows: ReceiptRow[] = [
    { label: '收据编号', english: 'Receipt No.', value: input.receiptNumber },
    { label: '受赠单位', english: 'Recipient organisation', value: input.orgName },
    { label: '捐赠人', english: 'Donor', value: input.donorName },
    { label: '捐赠项目', english: 'Fund', value: input.fundName },
    { label: '捐赠金额（小写）', english: 'Amount', value: amountFigures, emphasis: true },
    { label: '金额（大写）', english: 'Amount in words', value: `人民币${amountWords}`, emphasis: true },
    {
      label: '捐赠方式',
      english: 'Type of gift',
      value: input.recurring ? '月度定期捐赠（本期） Monthly recurring gift (this charge)' : '单次捐赠 One-off gift',
    },
    { label: '到账时间', english: 'Received on', value: date.full },
    { label: '捐赠编号', english: 'Donation ID', value: input.donationId },
  ];
  const message = input.message?.trim();
  if (message) rows.push({ label: '捐赠留言', english: 'Message', value: message, small: true });

  let y = doc.y;
  const tableTop = y;
  for (const row of rows) y = drawRow(doc, y, row);
  doc
    .lineWidth(1)
    .strokeColor(COLOUR.text)
    .rect(MARGIN, tableTop, CONTENT_WIDTH, y - tableTop)
    .stroke();

  // ------------------------------------------------------------------ what it means
  doc.x = MARGIN;
  doc.y = y + 14;
  doc.font(CJK_REGULAR).fontSize(10).fillColor(COLOUR.text);
  doc.text(`兹收到上述捐赠人的捐赠款项，将用于“${input.fundName}”。感谢您对公益事业的支持！`, {
    width: CONTENT_WIDTH,
    lineGap: 2,
  });
  doc.fontSize(8.5).fillColor(COLOUR.muted);
  doc.text(`${input.orgName} acknowledges receipt of the gift above for ${input.fundName}. Thank you for your support.`, {
    width: CONTENT_WIDTH,
    lineGap: 1,
  });
  doc.moveDown(0.6);
  doc.text(
    '说明：本收据为受赠单位出具的捐赠收据，不是财政部门监制的公益事业捐赠统一票据；如需用于税前扣除的捐赠票据，请联系受赠单位开具。' +
      'This receipt is issued by the recipient organisation; it is not an official donation invoice for tax deduction.',
    { width: CONTENT_WIDTH, lineGap: 1 },
  );
  doc.moveDown(0.6);
  doc.fillColor(COLOUR.text).fontSize(9);
  doc.text(
    `核验：登录 GoodLoop，在“我的捐赠”中按捐赠编号查看本笔捐赠，或凭收据编号 ${input.receiptNumber} 向受赠单位核对。` +
      ' Verify: find this donation by its ID under "My donations" in GoodLoop, or ask the organisation to confirm the receipt number.',
    { width: CONTENT_WIDTH, lineGap: 1 },
  );

  // ------------------------------------------------------------------ signature and seal
  // Beside each other under the text, as low on the page as the text allows; a smaller seal
  // when the text is long (a long message, a long name), a second page only when even that
  // would run into the footer.
  const footerTop = PAGE.height - MARGIN - 12;
  const room = (radius: number): boolean => doc.y + 10 + 2 * radius <= footerTop - 6;
  const sealRadius = room(48) ? 48 : 40;
  if (!room(sealRadius)) doc.addPage();
  const sealCentre = { x: PAGE.width - MARGIN - sealRadius - 10, y: Math.max(doc.y + 10 + sealRadius, 660) };
  const signWidth = CONTENT_WIDTH - 2 * sealRadius - 30;
  doc.font(CJK_REGULAR).fontSize(10.5).fillColor(COLOUR.text);
  doc.text(`受赠单位（盖章）：${input.orgName}`, MARGIN, sealCentre.y - 20, { width: signWidth });
  doc.text(`日期：${date.day}`, MARGIN, doc.y + 4, { width: signWidth });
  drawSeal(doc, sealCentre.x, sealCentre.y, sealRadius, input.orgName);

  doc.font(CJK_REGULAR).fontSize(8).fillColor(COLOUR.muted);
  doc.text(`本收据根据受赠单位确认的到账记录生成 · GoodLoop · ${input.receiptNumber}`, MARGIN, footerTop, {
    width: CONTENT_WIDTH,
    align: 'center',
    lineBreak: false,
  });

  return pdfToBuffer(doc);
}

interface ReceiptRow {
  label: string;
  english: string;
  value: string;
  /** The amount: larger and bold. */
  emphasis?: boolean;
  /** The donor's message, up to 200 characters: smaller, so that the receipt keeps to one page. */
  small?: boolean;
}

/** One row of the table: label cell (Chinese, then English) and value cell; returns the next y. */
function drawRow(doc: PDFKit.PDFDocument, y: number, row: ReceiptRow): number {
  const valueX = MARGIN + LABEL_WIDTH + CELL_PADDING;
  const valueWidth = CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PADDING;
  const valueFont = row.emphasis ? CJK_BOLD : CJK_REGULAR;
  const valueSize = row.emphasis ? 12.5 : row.small ? 9.5 : 10.5;

  doc.font(CJK_BOLD).fontSize(10);
  const labelWidth = doc.widthOfString(row.label);
  const labelHeight = doc.currentLineHeight();
  doc.font(valueFont).fontSize(valueSize);
  const valueHeight = doc.heightOfString(row.value, { width: valueWidth, lineGap: 1 });
  const height = Math.max(labelHeight, valueHeight) + 2 * CELL_PADDING;

  doc.rect(MARGIN, y, LABEL_WIDTH, height).fill(COLOUR.fill);
  doc.lineWidth(0.5).strokeColor(COLOUR.rule);
  doc
    .moveTo(MARGIN, y + height)
    .lineTo(MARGIN + CONTENT_WIDTH, y + height)
    .stroke();
  doc
    .moveTo(MARGIN + LABEL_WIDTH, y)
    .lineTo(MARGIN + LABEL_WIDTH, y + height)
    .stroke();

  // The label's baseline is the value's first line's, so the two read as one line.
  const labelY = y + CELL_PADDING + (row.emphasis ? 2 : 0.5);
  doc.fillColor(COLOUR.text).font(CJK_BOLD).fontSize(10);
  doc.text(row.label, MARGIN + CELL_PADDING, labelY, { lineBreak: false });
  doc.fillColor(COLOUR.muted).font(CJK_REGULAR).fontSize(7.5);
  doc.text(row.english, MARGIN + CELL_PADDING + labelWidth + 4, labelY + 2.5, { lineBreak: false });
  doc.fillColor(COLOUR.text).font(valueFont).fontSize(valueSize);
  doc.text(row.value, valueX, y + CELL_PADDING, { width: valueWidth, lineGap: 1 });
  return y + height;
}

/**
 * The organisation's seal: a red ring with a star, the organisation's name above it and
 * 捐赠专用章 ("seal for donations") below, as a Chinese receipt is stamped.
 */
function drawSeal(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number, orgName: string): void {
  doc.lineWidth(2.5).strokeColor(COLOUR.seal).circle(cx, cy, r).stroke();
  doc
    .lineWidth(0.8)
    .circle(cx, cy, r - 5)
    .stroke();
  doc.polygon(...starPoints(cx, cy, 13)).fill(COLOUR.seal);

  // The name above the star, on one line or in two halves, in the largest size at which every
  // line fits the ring's chord at the height of its top (glyphs span about 0.9 em above the
  // baseline; lines are 1.2 em apart).
  const inner = r - 6;
  const chord = (dy: number): number => (dy >= inner ? 0 : 2 * Math.sqrt(inner * inner - dy * dy));
  const chars = Array.from(orgName);
  const split = (parts: number): string[] => {
    const size = Math.ceil(chars.length / parts);
    return Array.from({ length: parts }, (_, i) => chars.slice(i * size, (i + 1) * size).join('')).filter(Boolean);
  };
  const layouts = [[orgName], split(2), split(3)];
  doc.font(CJK_BOLD);
  let chosen: { lines: string[]; size: number } = { lines: split(3), size: 5 };
  search: for (let size = 10; size >= 5; size -= 0.5) {
    for (const lines of layouts) {
      doc.fontSize(size);
      const fits = lines.every((line, i) => {
        const baselineDy = 16 + (lines.length - 1 - i) * 1.2 * size;
        return doc.widthOfString(line) <= chord(baselineDy + 0.9 * size) - 2;
      });
      if (fits) {
        chosen = { lines, size };
        break search;
      }
    }
  }
  doc.fontSize(chosen.size).fillColor(COLOUR.seal);
  // pdfkit places a line by the top of its box; the baseline is the font's ascent below it.
  const ascent = (doc.currentLineHeight() * 1.16) / 1.448;
  chosen.lines.forEach((line, i) => {
    const baseline = cy - 16 - (chosen.lines.length - 1 - i) * 1.2 * chosen.size;
    doc.text(line, cx - doc.widthOfString(line) / 2, baseline - ascent, { lineBreak: false });
  });
  doc.font(CJK_REGULAR).fontSize(8);
  doc.text('捐赠专用章', cx - inner, cy + 16, { width: 2 * inner, align: 'center', lineBreak: false });
  doc.fillColor(COLOUR.text);
}

/** A five-pointed star's ten corners, point up. */
function starPoints(cx: number, cy: number, outer: number): Array<[number, number]> {
  const inner = outer * 0.382;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return points;
}

/**
 * The receipt's dates in the given zone: `day` "2026年03月05日", `full` "2026年03月05日 14:30
 * （北京时间）". Throws a RangeError for an invalid date or an unknown time zone.
 */
export function formatReceiptDate(at: Date, timeZone: string): { day: string; full: string } {
  if (Number.isNaN(at.getTime())) throw new RangeError('confirmedAt is not a valid date');
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${part('year')}年${part('month')}月${part('day')}日`;
  const zone = timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone;
  return { day, full: `${day} ${part('hour')}:${part('minute')}（${zone}）` };
}
