import { BeneficiaryGroups, ItemCategories, Skills, starLevelOf } from './catalogue';

describe('the matching vocabulary', () => {
  it('gives stars at 100, 300, 600, 1,000 and 1,500 verified hours, not a minute earlier', () => {
    const at = (hours: number, minutes = 0) => starLevelOf(hours * 60 + minutes);
    expect([at(0), at(99, 59), at(100), at(299, 59), at(300), at(600), at(999), at(1000), at(1499), at(1500), at(9000)]).toEqual([
      0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });

  it('keeps item categories, skills and beneficiary groups apart, so a code says which it is', () => {
    const all = [...ItemCategories, ...Skills, ...BeneficiaryGroups];
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(code).toMatch(/^[a-z_]{2,32}$/);
  });
});
