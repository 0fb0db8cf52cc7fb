import { DomainError } from '@goodloop/common';

export enum WalletErrorCode {
  InvalidCursor = 'INVALID_CURSOR',
  InvalidRange = 'INVALID_RANGE',
}

const STATUS: Record<WalletErrorCode, number> = {
  [WalletErrorCode.InvalidCursor]: 400,
  [WalletErrorCode.InvalidRange]: 400,
};

export class WalletError extends DomainError {
  readonly status: number;

  constructor(code: WalletErrorCode, message: string) {
    super(code, message);
    this.status = STATUS[code];
  }
}
