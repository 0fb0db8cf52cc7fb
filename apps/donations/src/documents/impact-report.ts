import type { ImpactView, PledgeCategory, PledgeStatus } from '@goodloop/contracts';
import { formatFen, formatPoints } from '@goodloop/money';
import { CJK_BOLD, CJK_REGULAR, newCjkDocument, pdfToBuffer } from './cjk-font';

/*
 * A business's CSR (corporate social responsibility) impact report of its in-kind pledges: what
 * it pledged, what the foundation received, what reached residents, and who (anonymised) got
 * it recently. As CSV for a spreadsheet and as PDF to hand on.
 *
 * Values here are estimates: a pledge's unit value is the business's own estimate of one unit,
 * in fen, so every total is labelled "estimated in-kind value" (实物估值) and never cash.
 */

export type ImpactLanguage = 'zh-CN' | 'en';

const REPORT_TIME_ZONE = 'Asia/Shanghai';

interface Labels {
  title: string;
  business: string;
  generated: string;
  zone: string;
  colon: string;
  totals: string;
  measure: string;
  value: string;
  pledgedValue: string;
  receivedValue: string;
  deliveredValue: string;
  redemptions: string;
  residents: string;
  pointsRedeemed: string;
  estimateNote: string;
  pledges: string;
  pledgeColumns: {
    item: string;
    category: string;
    unit: string;
    unitValue: string;
    pledged: string;
    received: string;
    redeemed: string;
    matched: string;
    deliveredValue: string;
    status: string;
  };
  recent: string;
  recentColumns: { resident: string; item: string; quantity: string; at: string };
  none: string;
  categories: Record<PledgeCategory, string>;
  statuses: Record<PledgeStatus, string>;
}

const LABELS: Record<ImpactLanguage, Labels> = {
  'zh-CN': {
    title: '企业社会责任影响力报告',
    business: '企业',
    generated: '生成时间',
    zone: '北京时间',
    colon: '：',
    totals: '汇总',
    measure: '指标',
    value: '数值',
    pledgedValue: '认捐实物估值（元）',
    receivedValue: '已接收实物估值（元）',
    deliveredValue: '已送达实物估值（元）',
    redemptions: '兑换次数',
    residents: '受益居民人数',
    pointsRedeemed: '兑换所用积分',
    estimateNote: '实物估值按企业申报的单位估值计算，为估算价值，并非现金捐赠。',
    pledges: '认捐明细',
    pledgeColumns: {
      item: '物品',
      category: '类别',
      unit: '单位',
      unitValue: '单位实物估值（元）',
      pledged: '认捐数量',
      received: '接收数量',
      redeemed: '兑换数量',
      matched: '配对数量',
      deliveredValue: '已送达实物估值（元）',
      status: '状态',
    },
    recent: '近期受益居民（已匿名）',
    recentColumns: { resident: '居民', item: '物品', quantity: '数量', at: '时间' },
    none: '暂无',
    categories: { goods: '物资', course: '课程', service: '服务' },
    statuses: {
      pledged: '已认捐',
      in_stock: '在库',
      allocated: '已分配',
      delivered: '已送达',
      cancelled: '已取消',
    },
  },
  en: {
    title: 'CSR impact report',
    business: 'Business',
    generated: 'Generated',
    zone: 'Beijing time',
    colon: ': ',
    totals: 'Totals',
    measure: 'Measure',
    value: 'Value',
    pledgedValue: 'Pledged, estimated in-kind value (CNY)',
    receivedValue: 'Received, estimated in-kind value (CNY)',
    deliveredValue: 'Delivered, estimated in-kind value (CNY)',
    redemptions: 'Redemptions',
    residents: 'Residents served',
    pointsRedeemed: 'Points redeemed',
    estimateNote:
      'In-kind values are estimates from the unit values the business declared (实物估值); they are not cash donations.',
    pledges: 'Pledges',
    pledgeColumns: {
      item: 'Item',
      category: 'Category',
      unit: 'Unit',
      unitValue: 'Est. in-kind value per unit (CNY)',
      pledged: 'Pledged',
      received: 'Received',
      redeemed: 'Redeemed',
      matched: 'Matched',
      deliveredValue: 'Delivered, est. in-kind value (CNY)',
      status: 'Status',
    },
    recent: 'Recent recipients (anonymised)',
    recentColumns: { resident: 'Resident', item: 'Item', quantity: 'Quantity', at: 'Date' },
    none: 'None yet',
    categories: { goods: 'Goods', course: 'Course', service: 'Service' },
    statuses: {
      pledged: 'Pledged',
      in_stock: 'In stock',
      allocated: 'Allocated',
      delivered: 'Delivered',
      cancelled: 'Cancelled',
    },
  },
};

/** Fen as plain yuan with two decimals for a spreadsheet cell: 123456 → "1234.56". */
function yuanCell(fen: number): string {
  // formatFen does the integer split; the cell drops its symbol and separators so that a
  // spreadsheet reads it as a number.
  return formatFen(fen).replace(/[¥,]/g, '');
}

/** An instant as "2026-03-05 14:30" in Beijing time. */
function formatInstant(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: REPORT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/**
 * One CSV cell. A cell that a spreadsheet would run as a formula (starting with = + - @, or a
 * tab or carriage return that some strip first) gets a leading apostrophe, so `=HYPERLINK(…)` in
 * an item name stays text (OWASP "CSV injection"). Then a cell with a comma, a quote or a line
 * break is quoted, its quotes doubled (RFC 4180).
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/**
 * The report as CSV: a UTF-8 byte order mark (without it Excel reads the file as the local
 * code page and garbles the Chinese) and CRLF line ends. Four blocks separated by an empty line:
 * the heading, the totals, the pledges and the recent recipients. Money is plain yuan with two
 * decimals; quantities and points are plain integers.
 */
export function renderImpactCsv(view: ImpactView, lang: ImpactLanguage): string {
  const t = LABELS[lang];
  const rows: Array<Array<string | number>> = [];
  rows.push([t.title]);
  rows.push([t.business, view.orgName]);
  rows.push([t.generated, `${formatInstant(view.generatedAt)} (${t.zone})`]);
  rows.push([t.estimateNote]);
  rows.push([]);
  rows.push([t.totals]);
  rows.push([t.measure, t.value]);
  rows.push([t.pledgedValue, yuanCell(view.totals.pledgedValue)]);
  rows.push([t.receivedValue, yuanCell(view.totals.receivedValue)]);
  rows.push([t.deliveredValue, yuanCell(view.totals.deliveredValue)]);
  rows.push([t.redemptions, view.totals.redemptions]);
  rows.push([t.residents, view.totals.residents]);
  rows.push([t.pointsRedeemed, view.totals.pointsRedeemed]);
  rows.push([]);
  rows.push([t.pledges]);
  const c = t.pledgeColumns;
  rows.push([c.item, c.category, c.unit, c.unitValue, c.pledged, c.received, c.redeemed, c.matched, c.deliveredValue, c.status]);
  for (const line of view.pledges) {
    rows.push([
      line.item,
      t.categories[line.category],
      line.unit,
      yuanCell(line.unitValue),
      line.pledged,
      line.received ?? '',
      line.redeemed,
      line.matched,
      yuanCell(line.deliveredValue),
      t.statuses[line.status],
    ]);
  }
  rows.push([]);
  rows.push([t.recent]);
  const r = t.recentColumns;
  rows.push([r.resident, r.item, r.quantity, r.at]);
  for (const recipient of view.recent) {
    rows.push([recipient.resident, recipient.item, recipient.quantity, formatInstant(recipient.at)]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape: the pledge table has ten columns
const MARGIN = 40;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN;
const COLOUR = { text: '#1f2937', muted: '#6b7280', rule: '#d1d5db', head: '#f3f4f6', accent: '#0f766e' };

interface Column {
  title: string;
  /** Share of the content width. */
  width: number;
  align: 'left' | 'right';
}

/**
 * The report as an A4 landscape PDF: heading, totals as cards, the pledge table, the recent
 * recipients; tables continue on new pages with their header repeated, and every page is
 * numbered.
 */
export function renderImpactPdf(view: ImpactView, lang: ImpactLanguage): Promise<Buffer> {
  const t = LABELS[lang];
  const doc = newCjkDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 20 },
    bufferPages: true,
    info: { Title: `${t.title} — ${view.orgName}`, Author: 'GoodLoop', Subject: view.orgName, Creator: 'GoodLoop' },
  });

  // ------------------------------------------------------------------ heading
  doc.fillColor(COLOUR.text).font(CJK_BOLD).fontSize(20).text(t.title, MARGIN, MARGIN, { width: CONTENT_WIDTH });
  doc.font(CJK_REGULAR).fontSize(11).fillColor(COLOUR.text);
  doc.text(`${t.business}${t.colon}${view.orgName}`, { width: CONTENT_WIDTH });
  doc.fillColor(COLOUR.muted).fontSize(9);
  doc.text(`${t.generated}${t.colon}${formatInstant(view.generatedAt)} (${t.zone})`, { width: CONTENT_WIDTH });
  doc.moveDown(0.8);

  // ------------------------------------------------------------------ totals
  const cards: Array<[string, string]> = [
    [t.pledgedValue, formatFen(view.totals.pledgedValue)],
    [t.receivedValue, formatFen(view.totals.receivedValue)],
    [t.deliveredValue, formatFen(view.totals.deliveredValue)],
    [t.redemptions, formatPoints(view.totals.redemptions)],
    [t.residents, formatPoints(view.totals.residents)],
    [t.pointsRedeemed, formatPoints(view.totals.pointsRedeemed)],
  ];
  const gap = 8;
  const cardWidth = (CONTENT_WIDTH - gap * (cards.length - 1)) / cards.length;
  const cardHeight = 70;
  const cardsTop = doc.y;
  cards.forEach(([label, value], i) => {
    const x = MARGIN + i * (cardWidth + gap);
    doc.lineWidth(0.8).strokeColor(COLOUR.rule).roundedRect(x, cardsTop, cardWidth, cardHeight, 4).stroke();
    doc.font(CJK_REGULAR).fontSize(8).fillColor(COLOUR.muted);
    doc.text(label, x + 8, cardsTop + 7, { width: cardWidth - 16, height: 36, lineGap: 0 });
    doc
      .font(CJK_BOLD)
      .fontSize(14)
      .fillColor(i < 3 ? COLOUR.accent : COLOUR.text);
    doc.text(value, x + 8, cardsTop + 44, { width: cardWidth - 16, lineBreak: false });
  });
  doc.font(CJK_REGULAR).fontSize(8.5).fillColor(COLOUR.muted);
  doc.text(t.estimateNote, MARGIN, cardsTop + cardHeight + 6, { width: CONTENT_WIDTH });
  doc.moveDown(1);

  // ------------------------------------------------------------------ pledges
  const c = t.pledgeColumns;
  sectionTitle(doc, t.pledges);
  drawTable(
    doc,
    [
      { title: c.item, width: 0.2, align: 'left' },
      { title: c.category, width: 0.06, align: 'left' },
      { title: c.unit, width: 0.05, align: 'left' },
      { title: c.unitValue, width: 0.12, align: 'right' },
      { title: c.pledged, width: 0.08, align: 'right' },
      { title: c.received, width: 0.08, align: 'right' },
      { title: c.redeemed, width: 0.08, align: 'right' },
      { title: c.matched, width: 0.08, align: 'right' },
      { title: c.deliveredValue, width: 0.15, align: 'right' },
      { title: c.status, width: 0.1, align: 'left' },
    ],
    view.pledges.map((line) => [
      line.item,
      t.categories[line.category],
      line.unit,
      formatFen(line.unitValue),
      formatPoints(line.pledged),
      line.received === null ? '—' : formatPoints(line.received),
      formatPoints(line.redeemed),
      formatPoints(line.matched),
      formatFen(line.deliveredValue),
      t.statuses[line.status],
    ]),
    t.none,
  );
  doc.moveDown(1);

  // ------------------------------------------------------------------ recent recipients
  const r = t.recentColumns;
  sectionTitle(doc, t.recent);
  drawTable(
    doc,
    [
      { title: r.resident, width: 0.2, align: 'left' },
      { title: r.item, width: 0.45, align: 'left' },
      { title: r.quantity, width: 0.12, align: 'right' },
      { title: r.at, width: 0.23, align: 'left' },
    ],
    view.recent.map((recipient) => [
      recipient.resident,
      recipient.item,
      formatPoints(recipient.quantity),
      formatInstant(recipient.at),
    ]),
    t.none,
  );

  // ------------------------------------------------------------------ page footers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font(CJK_REGULAR).fontSize(8).fillColor(COLOUR.muted);
    doc.text(
      `${view.orgName} · ${t.title} · ${formatInstant(view.generatedAt)} · ${i - range.start + 1}/${range.count}`,
      MARGIN,
      PAGE.height - MARGIN + 8,
      { width: CONTENT_WIDTH, align: 'center', lineBreak: false },
    );
  }
  return pdfToBuffer(doc);
}

function sectionTitle(doc: PDFKit.PDFDocument, title: string): void {
  if (doc.y + 60 > BOTTOM) doc.addPage();
  doc.font(CJK_BOLD).fontSize(12).fillColor(COLOUR.text);
  doc.text(title, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
}

/** A table that continues on the next page with its header repeated. */
function drawTable(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][], empty: string): void {
  const padding = 4;
  const widths = columns.map((column) => column.width * CONTENT_WIDTH);
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));

  const rowHeight = (cells: string[], font: string, size: number): number => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * padding }))) + 2 * padding;
  };
  const drawCells = (cells: string[], y: number, height: number, font: string, size: number, fill?: string): void => {
    if (fill) doc.rect(MARGIN, y, CONTENT_WIDTH, height).fill(fill);
    doc.lineWidth(0.5).strokeColor(COLOUR.rule);
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + CONTENT_WIDTH, y + height)
      .stroke();
    doc.font(font).fontSize(size).fillColor(COLOUR.text);
    cells.forEach((cell, i) => {
      doc.text(cell, (lefts[i] ?? MARGIN) + padding, y + padding, {
        width: (widths[i] ?? 0) - 2 * padding,
        align: columns[i]?.align ?? 'left',
      });
    });
  };
  const header = (): void => {
    const titles = columns.map((column) => column.title);
    const height = rowHeight(titles, CJK_BOLD, 8);
    const y = doc.y;
    drawCells(titles, y, height, CJK_BOLD, 8, COLOUR.head);
    doc.y = y + height;
  };

  header();
  if (rows.length === 0) {
    doc.font(CJK_REGULAR).fontSize(9).fillColor(COLOUR.muted);
    doc.text(empty, MARGIN + padding, doc.y + padding, { width: CONTENT_WIDTH });
    return;
  }
  for (const cells of rows) {
    const height = rowHeight(cells, CJK_REGULAR, 9);
    if (doc.y + height > BOTTOM) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    const y = doc.y;
    drawCells(cells, y, height, CJK_REGULAR, 9);
    doc.y = y + height;
  }
  doc.x = MARGIN;
}
