import { DomainError } from '@goodloop/common';

export enum EarnRuleErrorCode {
  InvalidProgramme = 'INVALID_PROGRAMME',
  InvalidTimeZone = 'INVALID_TIME_ZONE',
  EffectiveInPast = 'EFFECTIVE_FROM_IN_PAST',
  CapsInconsistent = 'CAPS_INCONSISTENT',
}

export class EarnRuleError extends DomainError {
  readonly status = 422;

  constructor(code: EarnRuleErrorCode, message: string) {
    super(code, message);
  }
}
