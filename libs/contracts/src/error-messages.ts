/**
 * What each error code the API answers with means to a person, in every language the platform
 * speaks. The services write their own English messages (often with the particulars: which
 * field, how much); this catalogue is what a person reads:
 * - the gateway and every service answer a caller who prefers Chinese (`Accept-Language`) with
 *   the Chinese text of the code (libs/common's error filter);
 * - the web app shows the text of the code in the UI's language.
 *
 * Every code a service declares must be here in both languages: `test/tools/error-messages.spec.ts`
 * reads the services' error declarations and fails on a missing one. This file imports nothing,
 * so the web app can bundle it (its Vite alias `@goodloop/contracts/error-messages`).
 */
export const MESSAGE_LANGUAGES = ['zh-CN', 'en'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

type Catalogue = Record<string, Record<MessageLanguage, string>>;

export const ERROR_MESSAGES = {
  // Requests in general
  NOT_FOUND: { 'zh-CN': '内容不存在或已被删除', en: 'Not found, or no longer there' },
  UNAUTHORIZED: { 'zh-CN': '请先登录', en: 'Please sign in first' },
  CONFLICT: { 'zh-CN': '内容已被他人修改，请刷新后重试', en: 'This was changed in the meantime; reload and try again' },
  VALIDATION_FAILED: { 'zh-CN': '提交的内容有误，请按提示修改', en: 'Some fields are not valid; correct them and try again' },
  INVALID_BODY: { 'zh-CN': '请求内容无法读取（格式错误或过大）', en: 'The request could not be read (malformed or too large)' },
  INVALID_CURSOR: {
    'zh-CN': '分页位置无效，请从第一页重新加载',
    en: 'This page position is not valid; reload from the first page',
  },
  INVALID_RANGE: {
    'zh-CN': '时间范围无效：开始时间不能晚于结束时间',
    en: 'The date range is not valid: the start is after the end',
  },
  SERVICE_UNAVAILABLE: {
    'zh-CN': '服务暂时不可用，请稍后再试',
    en: 'The service is unavailable for a moment; try again shortly',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '这次提交与之前的同一操作内容不同，请刷新页面后重新操作',
    en: 'This retry differs from the first attempt; reload the page and try again',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    'zh-CN': '上一次提交仍在处理中，请稍候',
    en: 'The previous attempt is still being processed; wait a moment',
  },

  // Signing in and accounts
  INVALID_CREDENTIALS: { 'zh-CN': '邮箱或密码错误', en: 'Wrong email or password' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please sign in first' },
  TOKEN_EXPIRED: { 'zh-CN': '登录已过期，请重新登录', en: 'Your sign-in has expired; sign in again' },
  TOKEN_INVALID: { 'zh-CN': '登录状态无效，请重新登录', en: 'Your sign-in is not valid; sign in again' },
  SESSION_REVOKED: { 'zh-CN': '此登录已被注销，请重新登录', en: 'This session was signed out; sign in again' },
  REFRESH_TOKEN_INVALID: { 'zh-CN': '登录状态无效，请重新登录', en: 'Your sign-in is not valid; sign in again' },
  REFRESH_TOKEN_EXPIRED: { 'zh-CN': '登录已过期，请重新登录', en: 'Your sign-in has expired; sign in again' },
  REFRESH_TOKEN_REUSED: {
    'zh-CN': '为保护账户安全，此登录已被注销，请重新登录',
    en: 'To protect your account this session was signed out; sign in again',
  },
  SIGN_IN_UNAVAILABLE: {
    'zh-CN': '登录服务暂时不可用，请稍后再试',
    en: 'Signing in is unavailable for a moment; try again shortly',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '此账户已被停用，请联系社区工作人员', en: 'This account is disabled; contact community staff' },
  EMAIL_TAKEN: { 'zh-CN': '该邮箱已注册，请直接登录', en: 'An account with this email already exists; sign in instead' },
  USER_NOT_FOUND: { 'zh-CN': '找不到该用户', en: 'No such user' },
  NOT_YOURSELF: { 'zh-CN': '不能对自己的账户执行此操作', en: 'You cannot do this to your own account' },
  FORBIDDEN: { 'zh-CN': '没有权限执行此操作', en: 'You are not allowed to do this' },

  // Organisations and memberships
  ORG_NOT_FOUND: {
    'zh-CN': '找不到该组织（新建的组织可能需要片刻才能使用）',
    en: 'No such organisation (a new one may take a moment to appear)',
  },
  ALREADY_MEMBER: { 'zh-CN': '此人已经是该组织的成员', en: 'This person is already a member' },
  ROLE_NOT_ALLOWED_FOR_KIND: { 'zh-CN': '这类组织没有这个角色', en: 'This kind of organisation has no such role' },
  MEMBERSHIP_NOT_FOUND: { 'zh-CN': '找不到该成员身份', en: 'No such membership' },
  INVITATION_NOT_FOUND: { 'zh-CN': '找不到该邀请', en: 'No such invitation' },
  INVITATION_EXPIRED: { 'zh-CN': '邀请已过期，请对方重新邀请', en: 'The invitation has expired; ask for a new one' },
  INVITATION_CLOSED: { 'zh-CN': '该邀请已处理过了', en: 'This invitation was already answered' },
  INVITATION_WITHDRAWN: { 'zh-CN': '邀请已被撤回', en: 'The invitation was withdrawn' },

  // Activities and sign-ups
  ACTIVITY_NOT_FOUND: { 'zh-CN': '找不到该活动', en: 'No such activity' },
  NOT_ORGANIZER: {
    'zh-CN': '只有该组织的组织者可以管理此活动',
    en: "Only the organisation's organizers can manage this activity",
  },
  ACTIVITY_ENDED: { 'zh-CN': '活动已结束，不能再报名', en: 'The activity has ended; sign-ups are closed' },
  ALREADY_SIGNED_UP: { 'zh-CN': '你已经报名了这个活动', en: 'You have already signed up' },
  SIGNUP_NOT_FOUND: { 'zh-CN': '你还没有报名这个活动', en: 'You have not signed up for this activity' },

  // Attendance
  ATTENDANCE_NOT_FOUND: { 'zh-CN': '找不到该签到记录', en: 'No such attendance record' },
  WRONG_CHECK_IN_CODE: {
    'zh-CN': '签到码不对，请核对组织者现场出示的六位数字后重试',
    en: 'That code is not right; check the six digits the organizer shows and try again',
  },
  CHECK_IN_LOCKED: {
    'zh-CN': '签到码错误次数过多，请联系组织者为你签到',
    en: 'Too many wrong codes; ask the organizer to check you in',
  },
  OUTSIDE_CHECK_IN_WINDOW: {
    'zh-CN': '现在不在签到时间内：开始前 30 分钟至结束可签到，结束后 2 小时内可签退',
    en: 'Not the time for this: check-in opens 30 minutes before the start until the end; check-out closes 2 hours after the end',
  },
  NOT_CONFIRMED: { 'zh-CN': '只有报名已确认的志愿者才能签到', en: 'Only volunteers with a confirmed place can check in' },
  ALREADY_CHECKED_IN: {
    'zh-CN': '你已经签到了；离开时请用同一签到码签退',
    en: 'You have already checked in; check out with the same code when you leave',
  },
  NOT_CHECKED_IN: { 'zh-CN': '请先签到，再签退', en: 'Check in before checking out' },
  ALREADY_CHECKED_OUT: {
    'zh-CN': '你已经签退了，等待组织者核验时长',
    en: 'You have already checked out; the organizer will verify your time',
  },
  NOT_CHECKED_OUT: { 'zh-CN': '志愿者签退后才能核验时长', en: 'Time can be verified once the volunteer has checked out' },
  ATTENDANCE_ALREADY_VERIFIED: { 'zh-CN': '该签到记录已经核验过了', en: 'This attendance has already been verified' },
  SELF_VERIFICATION: {
    'zh-CN': '不能核验自己的签到记录，请由本组织的其他管理者核验',
    en: "You cannot verify your own attendance; another of the organisation's managers must",
  },

  ATTENDANCE_PENDING_APPROVAL: {
    'zh-CN': '这次时长调整正在等待另一位管理者审批，请先审批或驳回',
    en: 'This correction is waiting for a second manager; approve or reject it first',
  },
  NOT_PENDING_APPROVAL: { 'zh-CN': '这条记录没有待审批的时长调整', en: 'This attendance has no correction waiting for approval' },
  OWN_PROPOSAL: {
    'zh-CN': '不能审批自己提出的时长调整，请由本组织的另一位管理者审批',
    en: "You cannot approve your own correction; another of the organisation's managers must",
  },

  // Points, wallets and the ledger
  INSUFFICIENT_FUNDS: { 'zh-CN': '可用余额不足', en: 'Not enough available balance' },
  ACCOUNT_FROZEN: { 'zh-CN': '此账户已被冻结，请联系社区工作人员', en: 'This account is frozen; contact community staff' },
  INVALID_AMOUNT: { 'zh-CN': '数额必须是正整数', en: 'The amount must be a positive whole number' },
  AMOUNT_OUT_OF_RANGE: { 'zh-CN': '数额超出允许范围', en: 'The amount is out of range' },
  INVALID_ASSET: { 'zh-CN': '不支持的资产类型', en: 'Unknown asset' },
  ASSET_MISMATCH: { 'zh-CN': '两个账户的资产类型不同', en: 'The two accounts hold different assets' },
  SAME_ACCOUNT: { 'zh-CN': '转出和转入不能是同一个账户', en: 'The debit and credit accounts must differ' },
  INVALID_ACCOUNT_KEY: { 'zh-CN': '账户编号无效', en: 'The account key is not valid' },
  INVALID_TRANSFER_ID: { 'zh-CN': '转账编号无效', en: 'The transfer id is not valid' },
  TRANSFER_ID_CONFLICT: {
    'zh-CN': '该转账编号已用于另一笔内容不同的转账',
    en: 'This transfer id was already used for a different transfer',
  },
  TRANSFER_NOT_FOUND: { 'zh-CN': '找不到该转账', en: 'No such transfer' },
  INVALID_TIMEOUT: { 'zh-CN': '冻结时限无效', en: 'The hold timeout is not valid' },
  INVALID_LINKED_BATCH: { 'zh-CN': '关联转账批次无效', en: 'The linked batch is not valid' },
  LINKED_TRANSFER_FAILED: {
    'zh-CN': '同批次中的另一笔转账失败，整批未执行',
    en: 'Another transfer of the linked batch failed; none was applied',
  },
  INVALID_COMMAND: { 'zh-CN': '转账指令无效', en: 'The transfer command is not valid' },
  PENDING_NOT_FOUND: { 'zh-CN': '找不到该冻结', en: 'No such hold' },
  NOT_PENDING: { 'zh-CN': '该转账不是冻结', en: 'This transfer is not a hold' },
  PENDING_ALREADY_POSTED: { 'zh-CN': '该冻结已经入账', en: 'This hold was already posted' },
  PENDING_ALREADY_VOIDED: { 'zh-CN': '该冻结已经解除', en: 'This hold was already released' },
  PENDING_EXPIRED: { 'zh-CN': '该冻结已过期并自动解除', en: 'This hold expired and was released' },
  AMOUNT_EXCEEDS_PENDING: { 'zh-CN': '数额超过冻结的数额', en: 'The amount is more than the hold' },
  NOT_REVERSIBLE: { 'zh-CN': '这笔转账不能冲正', en: 'This transfer cannot be reversed' },
  ALREADY_REVERSED: { 'zh-CN': '这笔转账已经冲正过了', en: 'This transfer was already reversed' },
  AMOUNT_EXCEEDS_REVERSIBLE: { 'zh-CN': '冲正数额超过可冲正的数额', en: 'The amount is more than what can still be reversed' },
  LEDGER_BUSY: { 'zh-CN': '账本繁忙，请稍后重试', en: 'The ledger is busy; try again shortly' },

  // Earn rules
  INVALID_PROGRAMME: { 'zh-CN': '积分项目编号无效', en: 'The programme id is not valid' },
  INVALID_TIME_ZONE: { 'zh-CN': '时区无效', en: 'The time zone is not valid' },
  EFFECTIVE_FROM_IN_PAST: { 'zh-CN': '新规则的生效时间不能早于现在', en: 'A new rule cannot take effect in the past' },
  CAPS_INCONSISTENT: { 'zh-CN': '每日上限不能高于每月上限', en: 'The daily cap cannot be above the monthly cap' },

  // Funds, cash donations and donor-advised funds
  FUND_NOT_FOUND: { 'zh-CN': '找不到该基金', en: 'No such fund' },
  NOT_FUND_STAFF: { 'zh-CN': '只有该基金所属机构的工作人员可以这样做', en: 'Only the staff of the fund’s organisation may do this' },
  NOT_FOUNDATION_STAFF: { 'zh-CN': '只有基金会工作人员可以这样做', en: 'Only foundation staff may do this' },
  DONATION_NOT_FOUND: { 'zh-CN': '找不到该捐赠', en: 'No such donation' },
  NOT_YOUR_DONATION: { 'zh-CN': '只有捐赠人和基金工作人员可以查看这笔捐赠', en: 'Only the donor and the fund’s staff see a donation' },
  DONATION_ABOVE_LIMIT: { 'zh-CN': '金额超过了该基金单笔捐赠的上限', en: 'The amount is above what this fund accepts in one donation' },
  FUND_CLOSED_TO_GIFTS: { 'zh-CN': '捐赠人建议基金只接受其捐赠人的捐款', en: 'Only its donor gives to a donor-advised fund' },
  RECEIPT_NOT_ISSUED: { 'zh-CN': '支付确认后才会开具收据，请稍后再试', en: 'The receipt is issued once the payment is confirmed; try again shortly' },
  RECURRING_NOT_FOUND: { 'zh-CN': '找不到该月捐计划', en: 'No such monthly gift' },
  WEBHOOK_SIGNATURE_INVALID: { 'zh-CN': '回调签名无效', en: 'The webhook signature does not match' },
  WEBHOOK_STALE: { 'zh-CN': '回调时间戳已过期或在未来', en: 'The webhook timestamp is too old or in the future' },
  WEBHOOK_REPLAYED: { 'zh-CN': '该签名请求已收到过（重放）', en: 'This signed request was received before (a replay)' },
  WEBHOOK_INVALID: { 'zh-CN': '回调内容有误', en: 'The webhook body is not valid' },
  PAYMENT_NOT_FOUND: { 'zh-CN': '没有等待该支付的捐赠', en: 'No donation waits for this payment' },
  PAYMENT_AMOUNT_MISMATCH: { 'zh-CN': '支付金额与捐赠金额不符', en: 'The amount paid is not the amount of the donation' },
  PAYMENT_ALREADY_SETTLED: { 'zh-CN': '该支付已有其他结果', en: 'This payment was settled otherwise before' },
  NOT_YOUR_FUND: { 'zh-CN': '只有捐赠人和托管基金会的工作人员可以查看该基金', en: 'Only its donor and the host foundation’s staff see this fund' },
  INSUFFICIENT_FUND_BALANCE: { 'zh-CN': '基金可用余额不足', en: 'The fund does not have this much left to grant' },
  RECOMMENDATION_NOT_FOUND: { 'zh-CN': '找不到该资助建议', en: 'No such recommendation' },
  RECOMMENDATION_NOT_PENDING: { 'zh-CN': '该资助建议已处理', en: 'This recommendation was decided already' },
  TARGET_NOT_FOUND: { 'zh-CN': '找不到要资助的基金或机构', en: 'The fund or organisation to grant to does not exist' },

  // Pledges, rewards and redemptions
  NOT_YOUR_BUSINESS: { 'zh-CN': '只有该爱心企业的成员可以这样做', en: 'Only members of the business may do this' },
  NOT_A_BUSINESS: { 'zh-CN': '只有爱心企业可以捐赠物资', en: 'Only a business organisation pledges goods' },
  PLEDGE_NOT_FOUND: { 'zh-CN': '找不到该捐赠物资', en: 'No such pledge' },
  PLEDGE_EXPIRED: { 'zh-CN': '有效期已过', en: 'The expiry date has passed' },
  PLEDGE_NOT_PENDING: { 'zh-CN': '该物资已入库或已取消', en: 'This pledge was received or cancelled already' },
  PLEDGE_NOT_IN_STOCK: { 'zh-CN': '该物资尚未入库', en: 'The pledge has no stock: receive it first' },
  PLEDGE_ALLOCATED: { 'zh-CN': '该物资已部分分配，不能取消', en: 'Part of the pledge is allocated already: it cannot be cancelled' },
  NOT_ENOUGH_STOCK: { 'zh-CN': '库存不足', en: 'Not that much is in stock' },
  INVALID_VALIDITY_WINDOW: { 'zh-CN': '截止时间须晚于开始时间且在未来', en: 'validTo must be after validFrom and in the future' },
  REWARD_NOT_FOUND: { 'zh-CN': '找不到该兑换商品', en: 'No such reward' },
  REWARD_NOT_AVAILABLE: { 'zh-CN': '该商品现在不可兑换（未开始或已结束）', en: 'This reward cannot be redeemed now (not yet open, or ended)' },
  OUT_OF_STOCK: { 'zh-CN': '该商品已兑完', en: 'This reward is out of stock' },
  REDEMPTION_LIMIT_REACHED: { 'zh-CN': '你已达到该商品的每人兑换上限', en: 'You have redeemed as many of this reward as one person may' },
  INSUFFICIENT_POINTS: { 'zh-CN': '积分不足，无法兑换', en: 'You do not have enough points for this reward' },
  POINTS_REFUSED: { 'zh-CN': '积分暂时无法冻结，请稍后再试或联系工作人员', en: 'Your points could not be held; try later or ask the staff' },
  REDEMPTION_NOT_FOUND: { 'zh-CN': '找不到该兑换', en: 'No such redemption' },
  NOT_YOUR_REDEMPTION: { 'zh-CN': '这不是你的兑换', en: 'This redemption is not yours' },
  REDEMPTION_NOT_HELD: { 'zh-CN': '该兑换不在待领取状态', en: 'This redemption is not waiting for pickup' },
  REDEMPTION_EXPIRED: { 'zh-CN': '领取码已过期，积分已退回', en: 'The pickup code has expired; the points went back' },
  ALREADY_FULFILLED: { 'zh-CN': '该兑换已领取', en: 'This redemption was handed over already' },
  WRONG_PICKUP_CODE: { 'zh-CN': '领取码不正确，请核对后重新输入', en: 'The pickup code is wrong; check it and type it again' },
  PICKUP_CODE_LOCKED: { 'zh-CN': '领取码错误次数过多，已暂时锁定', en: 'Too many wrong pickup codes: locked for now' },
  // Volunteer profiles
  VOLUNTEER_NOT_FOUND: { 'zh-CN': '找不到这位志愿者', en: 'No such volunteer' },
  UNKNOWN_SKILL: { 'zh-CN': '没有这项技能，请从列表中选择', en: 'No such skill: choose one from the list' },
  SKILL_NOT_LISTED: { 'zh-CN': '该志愿者没有填写这项技能', en: 'The volunteer has not listed this skill' },
  NOT_AN_ORGANIZER: { 'zh-CN': '只有组织者或基金会工作人员可以确认技能', en: 'Only an organizer or foundation staff confirms skills' },
  OWN_SKILL: { 'zh-CN': '不能确认自己的技能', en: 'Nobody confirms their own skills' },
  // Matching
  NEED_NOT_FOUND: { 'zh-CN': '需求不存在或已删除', en: 'No such need' },
  NOT_ORGANIZER_OF_ORG: { 'zh-CN': '只有该组织的组织者可以这样做', en: 'Only an organizer of the organisation may do this' },
  NEED_CLOSED: { 'zh-CN': '该需求已关闭', en: 'This need is closed already' },
  MATCH_NOT_FOUND: { 'zh-CN': '匹配不存在', en: 'No such match' },
  NOT_YOUR_MATCH: { 'zh-CN': '您不是这条匹配的任何一方，不能答复', en: 'You answer for neither side of this match' },
  MATCH_ALREADY_ANSWERED: { 'zh-CN': '您这一方已经答复过这条匹配', en: 'Your side has answered this match already' },
  MATCH_CLOSED: { 'zh-CN': '这条匹配已被拒绝或被新一轮匹配取代', en: 'This match was declined or replaced by a later run' },
  NEED_NO_LONGER_OPEN: {
    'zh-CN': '需求已关闭、过期或已满足，不能再接受这条匹配',
    en: 'The need is closed, expired or met meanwhile: this match can no longer be accepted',
  },
  RUN_NOT_FOUND: { 'zh-CN': '匹配批次不存在', en: 'No such matching run' },
  NOT_MATCHING_STAFF: { 'zh-CN': '只有基金会工作人员可以发起和查看匹配批次', en: 'Only foundation staff start and read matching runs' },
  OFFERS_NOT_ALLOWED: { 'zh-CN': '只有组织者和基金会工作人员可以查看可供资源', en: 'Only organizers and foundation staff see the offers' },
} as const satisfies Catalogue;

export type KnownErrorCode = keyof typeof ERROR_MESSAGES;

export function isKnownErrorCode(code: unknown): code is KnownErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

/** The text of an error code in a language, or undefined for a code the catalogue does not know. */
export function errorMessageFor(code: unknown, language: MessageLanguage): string | undefined {
  return isKnownErrorCode(code) ? ERROR_MESSAGES[code][language] : undefined;
}

/**
 * The platform language an `Accept-Language` header prefers most (by q-value, then order), or
 * undefined when it names none of them: `zh`, `zh-CN`, `zh-Hans`… are Chinese; `en-*` English.
 */
export function preferredMessageLanguage(header: string | undefined): MessageLanguage | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}
