import { defineErrors } from '@goodloop/common';

/**
 * Refusals of funds, cash donations, the payment webhook and donor-advised funds. A webhook with
 * a bad or stale signature is a 400 (as payment providers expect), not a 401: between the
 * gateway and a service, 401 means the gateway's own call token failed.
 */
export enum FundsErrorCode {
  FundNotFound = 'FUND_NOT_FOUND',
  OrgNotFound = 'ORG_NOT_FOUND',
  NotFundStaff = 'NOT_FUND_STAFF',
  NotFoundationStaff = 'NOT_FOUNDATION_STAFF',
  DonationNotFound = 'DONATION_NOT_FOUND',
  NotYourDonation = 'NOT_YOUR_DONATION',
  DonationAboveLimit = 'DONATION_ABOVE_LIMIT',
  FundClosedToGifts = 'FUND_CLOSED_TO_GIFTS',
  ReceiptNotIssued = 'RECEIPT_NOT_ISSUED',
  RecurringNotFound = 'RECURRING_NOT_FOUND',
  WebhookSignatureInvalid = 'WEBHOOK_SIGNATURE_INVALID',
  WebhookStale = 'WEBHOOK_STALE',
  WebhookReplayed = 'WEBHOOK_REPLAYED',
  WebhookInvalid = 'WEBHOOK_INVALID',
  PaymentNotFound = 'PAYMENT_NOT_FOUND',
  PaymentAmountMismatch = 'PAYMENT_AMOUNT_MISMATCH',
  PaymentAlreadySettled = 'PAYMENT_ALREADY_SETTLED',
  NotYourFund = 'NOT_YOUR_FUND',
  InsufficientFundBalance = 'INSUFFICIENT_FUND_BALANCE',
  RecommendationNotFound = 'RECOMMENDATION_NOT_FOUND',
  RecommendationNotPending = 'RECOMMENDATION_NOT_PENDING',
  TargetNotFound = 'TARGET_NOT_FOUND',
}

export class FundsError extends defineErrors<FundsErrorCode>({
  [FundsErrorCode.FundNotFound]: { status: 404, message: 'No such fund' },
  [FundsErrorCode.OrgNotFound]: { status: 404, message: 'No such organisation' },
  [FundsErrorCode.NotFundStaff]: { status: 403, message: 'Only the staff of the fund’s organisation may do this' },
  [FundsErrorCode.NotFoundationStaff]: { status: 403, message: 'Only foundation staff may do this' },
  [FundsErrorCode.DonationNotFound]: { status: 404, message: 'No such donation' },
  [FundsErrorCode.NotYourDonation]: { status: 403, message: 'Only the donor and the fund’s staff see a donation' },
  [FundsErrorCode.DonationAboveLimit]: { status: 422, message: 'The amount is above what this fund accepts in one donation' },
  [FundsErrorCode.FundClosedToGifts]: { status: 409, message: 'Only its donor gives to a donor-advised fund' },
  [FundsErrorCode.ReceiptNotIssued]: { status: 409, message: 'The receipt is issued once the payment is confirmed' },
  [FundsErrorCode.RecurringNotFound]: { status: 404, message: 'No such monthly gift' },
  [FundsErrorCode.WebhookSignatureInvalid]: { status: 400, message: 'The webhook signature does not match' },
  [FundsErrorCode.WebhookStale]: { status: 400, message: 'The webhook timestamp is too old or in the future' },
  [FundsErrorCode.WebhookReplayed]: { status: 409, message: 'This signed request was received before' },
  [FundsErrorCode.WebhookInvalid]: { status: 400, message: 'Validation failed' },
  [FundsErrorCode.PaymentNotFound]: { status: 404, message: 'No donation waits for this payment' },
  [FundsErrorCode.PaymentAmountMismatch]: { status: 422, message: 'The amount paid is not the amount of the donation' },
  [FundsErrorCode.PaymentAlreadySettled]: { status: 409, message: 'This payment was settled otherwise before' },
  [FundsErrorCode.NotYourFund]: {
    status: 403,
    message: 'Only its donor and the host foundation’s staff see a donor-advised fund',
  },
  [FundsErrorCode.InsufficientFundBalance]: { status: 409, message: 'The fund does not have this much left to grant' },
  [FundsErrorCode.RecommendationNotFound]: { status: 404, message: 'No such recommendation' },
  [FundsErrorCode.RecommendationNotPending]: { status: 409, message: 'This recommendation was decided already' },
  [FundsErrorCode.TargetNotFound]: { status: 404, message: 'The fund or organisation to grant to does not exist' },
}) {}
