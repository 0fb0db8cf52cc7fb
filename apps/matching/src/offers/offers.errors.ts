import { defineErrors } from '@goodloop/common';

export enum OfferErrorCode {
  NotAllowed = 'OFFERS_NOT_ALLOWED',
}

export class OfferError extends defineErrors<OfferErrorCode>({
  [OfferErrorCode.NotAllowed]: { status: 403, message: 'Only organizers and foundation staff see the offers' },
}) {}
