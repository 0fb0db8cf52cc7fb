import { defineErrors } from '@goodloop/common';

export enum ProfileErrorCode {
  VolunteerNotFound = 'VOLUNTEER_NOT_FOUND',
  UnknownSkill = 'UNKNOWN_SKILL',
  SkillNotListed = 'SKILL_NOT_LISTED',
  NotAnOrganizer = 'NOT_AN_ORGANIZER',
  OwnSkill = 'OWN_SKILL',
  ValidationFailed = 'VALIDATION_FAILED',
}

export class ProfileError extends defineErrors<ProfileErrorCode>({
  [ProfileErrorCode.VolunteerNotFound]: { status: 404, message: 'No such volunteer' },
  [ProfileErrorCode.UnknownSkill]: { status: 400, message: 'No such skill (GET /matching/catalogue lists them)' },
  [ProfileErrorCode.SkillNotListed]: { status: 409, message: 'The volunteer has not listed this skill' },
  [ProfileErrorCode.NotAnOrganizer]: { status: 403, message: 'Only an organizer or foundation staff confirms skills' },
  [ProfileErrorCode.OwnSkill]: { status: 403, message: 'Nobody confirms their own skills' },
  [ProfileErrorCode.ValidationFailed]: 400,
}) {}
