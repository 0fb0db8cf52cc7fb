import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReceiptDate, renderReceiptPdf, type ReceiptInput } from './receipt.pdf';

/**
 * The receipt is read back the way a person or a search index would read it: poppler's
 * pdftotext extracts its text, which only works when the Chinese glyphs are embedded with their
 * Unicode mapping.
 */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'goodloop-receipt-'));
  const file = join(dir, 'receipt.pdf');
  try {
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftotext was not found: these tests read the PDFs back with poppler. Install poppler-utils ' +
          '(Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler) and run them again.',
      );
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Layout mode may split words with spaces where a line wraps or a column starts. */
const squeeze = (text: string): string => text.replace(/\s+/g, '');

const base: ReceiptInput = {
  receiptNumber: '2026-000042',
  orgName: '阳光社区公益基金会',
  fundName: '阳光社区公益金',
  donorName: '张晓明',
  amountFen: 123456,
  // 2026-03-05 14:30 in Shanghai
  confirmedAt: new Date('2026-03-05T06:30:00Z'),
  donationId: '0195f3c2-7a1b-7c3d-9e4f-123456789abc',
  message: '祝社区越来越好，愿老人们冬天都暖暖的。',
  recurring: false,
};

describe('renderReceiptPdf', () => {
  let text: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await renderReceiptPdf(base);
    text = pdfText(pdf);
  });

  it('is a PDF of one A4 page, with the font subset', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    // The TTF is ~10 MB; only the glyphs used are embedded.
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('states the receipt, the organisation, the donor and the fund', () => {
    expect(text).toContain('2026-000042');
    expect(squeeze(text)).toContain('捐赠收据');
    expect(text).toContain('Donation receipt');
    expect(squeeze(text)).toContain('受赠单位');
    expect(squeeze(text)).toContain('阳光社区公益基金会');
    expect(squeeze(text)).toContain('张晓明');
    expect(squeeze(text)).toContain('阳光社区公益金');
  });

  it('prints the amount in figures and in capital numerals', () => {
    expect(text).toContain('¥1,234.56');
    expect(squeeze(text)).toContain('人民币壹仟贰佰叁拾肆元伍角陆分');
  });

  it('dates it in Shanghai time, whatever the process zone', () => {
    expect(squeeze(text)).toContain('2026年03月05日14:30（北京时间）');
  });

  it('carries the donation id, the message, a verification line and the seal', () => {
    expect(text).toContain('0195f3c2-7a1b-7c3d-9e4f-123456789abc');
    expect(squeeze(text)).toContain('祝社区越来越好');
    expect(squeeze(text)).toContain('核验');
    expect(squeeze(text)).toContain('捐赠专用章');
    expect(squeeze(text)).toContain('受赠单位（盖章）');
    expect(squeeze(text)).toContain('单次捐赠');
  });

  it('says a recurring gift is one charge of a monthly donation', async () => {
    const recurring = pdfText(await renderReceiptPdf({ ...base, recurring: true, message: undefined }));
    expect(squeeze(recurring)).toContain('月度定期捐赠');
    expect(squeeze(recurring)).not.toContain('捐赠留言');
  });

  it('prints whole yuan as 元整 and keeps long names on one page', async () => {
    const long = await renderReceiptPdf({
      ...base,
      amountFen: 100,
      orgName: '中华少年儿童慈善救助基金会阳光社区关爱困境儿童专项基金管理委员会',
      donorName: '欧阳娜娜（代表阳光社区第三网格全体志愿者）',
      message: '一'.repeat(200),
    });
    const longText = pdfText(long);
    expect(longText).toContain('¥1.00');
    expect(squeeze(longText)).toContain('人民币壹元整');
    expect(long.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('uses another time zone when asked', async () => {
    const london = pdfText(await renderReceiptPdf({ ...base, timeZone: 'Europe/London' }));
    expect(squeeze(london)).toContain('2026年03月05日06:30（Europe/London）');
  });

  it('refuses amounts a receipt cannot state', async () => {
    await expect(async () => renderReceiptPdf({ ...base, amountFen: 0 })).rejects.toThrow(RangeError);
    await expect(async () => renderReceiptPdf({ ...base, amountFen: 12.5 })).rejects.toThrow(RangeError);
    await expect(async () => renderReceiptPdf({ ...base, confirmedAt: new Date('nope') })).rejects.toThrow(RangeError);
  });
});

describe('formatReceiptDate', () => {
  it('crosses midnight into the next day in Shanghai', () => {
    expect(formatReceiptDate(new Date('2026-12-31T16:05:00Z'), 'Asia/Shanghai')).toEqual({
      day: '2027年01月01日',
      full: '2027年01月01日 00:05（北京时间）',
    });
  });

  it('refuses an unknown time zone', () => {
    expect(() => formatReceiptDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
