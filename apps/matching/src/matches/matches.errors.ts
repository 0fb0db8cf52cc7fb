import { defineErrors } from '@goodloop/common';

export enum MatchErrorCode {
  MatchNotFound = 'MATCH_NOT_FOUND',
  NotYourMatch = 'NOT_YOUR_MATCH',
  AlreadyAnswered = 'MATCH_ALREADY_ANSWERED',
  MatchClosed = 'MATCH_CLOSED',
  NeedNoLongerOpen = 'NEED_NO_LONGER_OPEN',
}

export class MatchError extends defineErrors<MatchErrorCode>({
  [MatchErrorCode.MatchNotFound]: { status: 404, message: 'No such match' },
  [MatchErrorCode.NotYourMatch]: { status: 403, message: 'You answer for neither side of this match' },
  [MatchErrorCode.AlreadyAnswered]: { status: 409, message: 'Your side has answered this match already' },
  [MatchErrorCode.MatchClosed]: { status: 409, message: 'This match was declined or replaced by a later run' },
  [MatchErrorCode.NeedNoLongerOpen]: {
    status: 409,
    message: 'The need is closed, expired or met meanwhile: this match can no longer be accepted',
  },
}) {}
