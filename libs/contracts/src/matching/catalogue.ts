/**
 * The shared vocabularies of matching: what an item need or a pledge is (item categories), what
 * a volunteer can do (skills) and who a need helps (beneficiary groups). Donations, volunteers
 * and matching all use these codes; the web app shows their names from here. This file imports
 * nothing, so the web app can bundle it.
 */

type Named = Record<string, { 'zh-CN': string; en: string }>;

export const ITEM_CATEGORY_NAMES = {
  rice_flour: { 'zh-CN': '米面', en: 'Rice and flour' },
  cooking_oil: { 'zh-CN': '食用油', en: 'Cooking oil' },
  food: { 'zh-CN': '其他食品', en: 'Other food' },
  clothing: { 'zh-CN': '衣物被褥', en: 'Clothing and bedding' },
  household: { 'zh-CN': '日用品', en: 'Household goods' },
  medical_supplies: { 'zh-CN': '药品与护理用品', en: 'Medicine and care supplies' },
  mobility_aids: { 'zh-CN': '助行辅具', en: 'Mobility aids' },
  books_stationery: { 'zh-CN': '图书文具', en: 'Books and stationery' },
  electronics: { 'zh-CN': '电子设备', en: 'Electronics' },
  furniture: { 'zh-CN': '家具', en: 'Furniture' },
  building_materials: { 'zh-CN': '建材', en: 'Building materials' },
  course_seats: { 'zh-CN': '课程名额', en: 'Course seats' },
  services: { 'zh-CN': '服务', en: 'Services' },
} as const satisfies Named;

export type ItemCategory = keyof typeof ITEM_CATEGORY_NAMES;
export const ItemCategories = Object.keys(ITEM_CATEGORY_NAMES) as ItemCategory[];

export const SKILL_NAMES = {
  tutoring: { 'zh-CN': '课业辅导', en: 'Tutoring' },
  carpentry: { 'zh-CN': '木工', en: 'Carpentry' },
  construction: { 'zh-CN': '泥瓦施工', en: 'Building work' },
  elderly_care: { 'zh-CN': '助老陪护', en: 'Elderly care' },
  nursing: { 'zh-CN': '医疗护理', en: 'Nursing' },
  legal_advice: { 'zh-CN': '法律咨询', en: 'Legal advice' },
  digital_help: { 'zh-CN': '手机电脑指导', en: 'Phone and computer help' },
  cooking: { 'zh-CN': '烹饪', en: 'Cooking' },
  driving: { 'zh-CN': '驾驶', en: 'Driving' },
  sign_language: { 'zh-CN': '手语', en: 'Sign language' },
  counselling: { 'zh-CN': '心理疏导', en: 'Counselling' },
  haircut: { 'zh-CN': '理发', en: 'Haircuts' },
  appliance_repair: { 'zh-CN': '家电维修', en: 'Appliance repair' },
  photography: { 'zh-CN': '摄影', en: 'Photography' },
  translation: { 'zh-CN': '翻译', en: 'Translation' },
} as const satisfies Named;

export type Skill = keyof typeof SKILL_NAMES;
export const Skills = Object.keys(SKILL_NAMES) as Skill[];

export const BENEFICIARY_NAMES = {
  elderly: { 'zh-CN': '老年人', en: 'Older people' },
  children: { 'zh-CN': '儿童', en: 'Children' },
  disabled: { 'zh-CN': '残障人士', en: 'People with disabilities' },
  families_in_difficulty: { 'zh-CN': '困难家庭', en: 'Families in difficulty' },
  migrant_workers: { 'zh-CN': '外来务工人员', en: 'Migrant workers' },
  veterans: { 'zh-CN': '退役军人', en: 'Veterans' },
  residents: { 'zh-CN': '全体居民', en: 'All residents' },
} as const satisfies Named;

export type BeneficiaryGroup = keyof typeof BENEFICIARY_NAMES;
export const BeneficiaryGroups = Object.keys(BENEFICIARY_NAMES) as BeneficiaryGroup[];

/** The national volunteer star scale: verified hours at which each star is reached (1 to 5 stars). */
export const STAR_THRESHOLD_HOURS = [100, 300, 600, 1000, 1500] as const;

/** Stars (0–5) for `minutes` of verified service. */
export function starLevelOf(minutes: number): number {
  const hours = minutes / 60;
  return STAR_THRESHOLD_HOURS.filter((h) => hours >= h).length;
}
