import type { ImpactView } from '@goodloop/contracts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvCell, renderImpactCsv, renderImpactPdf } from './impact-report';

/** The PDF's text as poppler's pdftotext reads it; a clear failure when poppler is missing. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'goodloop-impact-'));
  const file = join(dir, 'impact.pdf');
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

const squeeze = (text: string): string => text.replace(/\s+/g, '');
const pageCount = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

const view: ImpactView = {
  orgId: '0195f3c2-0000-7000-8000-000000000001',
  orgName: '爱心企业联盟',
  generatedAt: '2026-03-05T06:30:00.000Z', // 14:30 in Beijing
  totals: {
    pledgedValue: 123456,
    receivedValue: 100000,
    deliveredValue: 45000,
    redemptions: 12,
    residents: 9,
    pointsRedeemed: 1200,
  },
  pledges: [
    {
      pledgeId: '0195f3c2-0000-7000-8000-000000000010',
      item: '大米 5kg 装',
      category: 'goods',
      unit: '袋',
      unitValue: 4500,
      pledged: 20,
      received: 20,
      redeemed: 8,
      matched: 2,
      deliveredValue: 45000,
      status: 'in_stock',
    },
    {
      pledgeId: '0195f3c2-0000-7000-8000-000000000011',
      item: '=HYPERLINK("http://evil.example","点我")',
      category: 'course',
      unit: '节',
      unitValue: 0,
      pledged: 3,
      received: null,
      redeemed: 0,
      matched: 0,
      deliveredValue: 0,
      status: 'pledged',
    },
    {
      pledgeId: '0195f3c2-0000-7000-8000-000000000012',
      item: '理发服务, 含"洗剪吹"\n（老人优先）',
      category: 'service',
      unit: '次',
      unitValue: 3000,
      pledged: 10,
      received: 10,
      redeemed: 0,
      matched: 0,
      deliveredValue: 0,
      status: 'cancelled',
    },
  ],
  recent: [
    { resident: '居民a1B2', item: '大米 5kg 装', quantity: 1, at: '2026-03-04T16:10:00.000Z' },
    { resident: '居民Zz9x', item: '大米 5kg 装', quantity: 2, at: '2026-03-03T02:00:00.000Z' },
  ],
};

describe('renderImpactCsv', () => {
  const zh = renderImpactCsv(view, 'zh-CN');
  const en = renderImpactCsv(view, 'en');
  const lines = (csv: string): string[] => csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte order mark and ends every line with CRLF', () => {
    expect(zh.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(zh, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(zh.endsWith('\r\n')).toBe(true);
    expect(zh.replace(/\r\n/g, '')).not.toMatch(/(?<!")\n(?!")/); // bare LF only inside a quoted cell
  });

  it('has its headings in the language asked for', () => {
    expect(lines(zh)).toContain(
      '物品,类别,单位,单位实物估值（元）,认捐数量,接收数量,兑换数量,配对数量,已送达实物估值（元）,状态',
    );
    expect(lines(en)).toContain(
      'Item,Category,Unit,Est. in-kind value per unit (CNY),Pledged,Received,Redeemed,Matched,"Delivered, est. in-kind value (CNY)",Status',
    );
    expect(lines(zh)).toContain('企业,爱心企业联盟');
    expect(lines(en)).toContain('Business,爱心企业联盟');
    expect(lines(zh)).toContain('生成时间,2026-03-05 14:30 (北京时间)');
  });

  it('gives money as yuan with two decimals, and labels it estimated in-kind value', () => {
    expect(lines(zh)).toContain('认捐实物估值（元）,1234.56');
    expect(lines(zh)).toContain('已接收实物估值（元）,1000.00');
    expect(lines(zh)).toContain('已送达实物估值（元）,450.00');
    expect(lines(zh)).toContain('兑换所用积分,1200');
    expect(lines(zh)).toContain('大米 5kg 装,物资,袋,45.00,20,20,8,2,450.00,在库');
    expect(lines(en)).toContain('"Pledged, estimated in-kind value (CNY)",1234.56');
    expect(zh).toContain('并非现金捐赠');
    expect(en).toContain('not cash donations');
    expect(en).not.toMatch(/cash value|in cash/i);
  });

  it('leaves an unreceived quantity empty', () => {
    expect(zh).toContain(`,课程,节,0.00,3,,0,0,0.00,已认捐`);
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    expect(zh).toContain('"理发服务, 含""洗剪吹""\n（老人优先）",服务,次,30.00,10,10,0,0,0.00,已取消');
  });

  it('keeps a formula in an item name as text', () => {
    expect(zh).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")",课程`);
  });

  it('lists the recent recipients, anonymised, in Beijing time', () => {
    expect(lines(zh)).toContain('居民,物品,数量,时间');
    expect(lines(zh)).toContain('居民a1B2,大米 5kg 装,1,2026-03-05 00:10');
    expect(lines(en)).toContain('Resident,Item,Quantity,Date');
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    [42, '42'],
    ['=1+2', "'=1+2"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=A1,B1', `"'=A1,B1"`],
  ])('%p → %p', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});

describe('renderImpactPdf', () => {
  let zh: string;
  let en: string;

  beforeAll(async () => {
    zh = pdfText(await renderImpactPdf(view, 'zh-CN'));
    en = pdfText(await renderImpactPdf(view, 'en'));
  });

  it('names the business and when it was generated', () => {
    expect(squeeze(zh)).toContain('企业社会责任影响力报告');
    expect(squeeze(zh)).toContain('爱心企业联盟');
    expect(squeeze(zh)).toContain('生成时间：2026-03-0514:30(北京时间)');
    expect(squeeze(en)).toContain('Generated:2026-03-0514:30(Beijingtime)');
    expect(en).toContain('CSR impact report');
  });

  it('prints the totals, the in-kind value labelled as an estimate and never as cash', () => {
    expect(zh).toContain('¥1,234.56');
    expect(zh).toContain('¥1,000.00');
    expect(zh).toContain('¥450.00');
    expect(squeeze(zh)).toContain('认捐实物估值');
    expect(squeeze(zh)).toContain('并非现金捐赠');
    expect(squeeze(zh)).toContain('受益居民人数');
    expect(squeeze(zh)).toContain('1,200');
    expect(squeeze(en)).toContain('Pledged,estimatedin-');
    expect(squeeze(en)).toContain('Est.in-kindvalue');
    expect(squeeze(en)).toContain('In-kindvaluesareestimates');
    expect(squeeze(en)).toContain('notcashdonations');
  });

  it('lists every pledge and the recent recipients', () => {
    expect(squeeze(zh)).toContain('大米5kg装');
    expect(squeeze(zh)).toContain('已送达');
    expect(squeeze(zh)).toContain('在库');
    expect(squeeze(zh)).toContain('理发服务');
    expect(squeeze(zh)).toContain('居民a1B2');
    expect(squeeze(zh)).toContain('2026-03-0500:10');
    expect(squeeze(en)).toContain('Recentrecipients(anonymised)');
  });

  it('continues a long table on further pages, each numbered', async () => {
    const many: ImpactView = {
      ...view,
      pledges: Array.from({ length: 60 }, (_, i) => ({ ...view.pledges[0]!, item: `物品 ${i + 1}` })),
    };
    const pdf = await renderImpactPdf(many, 'zh-CN');
    const text = pdfText(pdf);
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('物品 60');
    expect(text).toContain(`${pages}/${pages}`);
  });

  it('says when there is nothing yet', async () => {
    const empty = pdfText(await renderImpactPdf({ ...view, pledges: [], recent: [] }, 'en'));
    expect(empty).toContain('None yet');
  });
});
