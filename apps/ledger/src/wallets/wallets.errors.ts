import { defineErrors } from '@goodloop/common';

export enum WalletErrorCode {
  InvalidRange = 'INVALID_RANGE',
}

export class WalletError extends defineErrors<WalletErrorCode>({
  [WalletErrorCode.InvalidRange]: 400,
}) {}
