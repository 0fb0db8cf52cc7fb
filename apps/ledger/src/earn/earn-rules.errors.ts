import { defineErrors } from '@goodloop/common';

export enum EarnRuleErrorCode {
  InvalidProgramme = 'INVALID_PROGRAMME',
  InvalidTimeZone = 'INVALID_TIME_ZONE',
  EffectiveInPast = 'EFFECTIVE_FROM_IN_PAST',
  CapsInconsistent = 'CAPS_INCONSISTENT',
}

/** Every refusal is a rule about the earn rule itself: 422 whatever the ledger's state. */
export class EarnRuleError extends defineErrors<EarnRuleErrorCode>({
  [EarnRuleErrorCode.InvalidProgramme]: 422,
  [EarnRuleErrorCode.InvalidTimeZone]: 422,
  [EarnRuleErrorCode.EffectiveInPast]: 422,
  [EarnRuleErrorCode.CapsInconsistent]: 422,
}) {}
