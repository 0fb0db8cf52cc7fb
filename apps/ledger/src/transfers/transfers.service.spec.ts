import 'reflect-metadata';
import type { OutboxService } from '@goodloop/common';
import type { DataSource } from 'typeorm';
import type { AccountsService } from '../accounts/accounts.service';
import type { TransferContent } from '../domain';
import { LedgerBusyError, TransferError } from './transfers.errors';
import { TransfersService } from './transfers.service';

const content: TransferContent = {
  transferId: 'redeem:1',
  debitAccount: 'user:1',
  creditAccount: 'sink:redemption',
  asset: 'POINTS',
  amount: 10,
  code: 'redeem',
};

function serviceWhoseTransactions(fail: () => Error): { service: TransfersService; attempts: () => number } {
  let attempts = 0;
  const dataSource = {
    transaction: () => {
      attempts++;
      return Promise.reject(fail());
    },
  } as unknown as DataSource;
  return { service: new TransfersService(dataSource, {} as AccountsService, {} as OutboxService), attempts: () => attempts };
}

describe('TransfersService error handling', () => {
  it('refuses a rule violation before opening a transaction', async () => {
    const { service, attempts } = serviceWhoseTransactions(() => new Error('unreachable'));
    await expect(service.transfer({ ...content, creditAccount: content.debitAccount })).rejects.toMatchObject({
      code: 'SAME_ACCOUNT',
      status: 422,
    });
    await expect(service.transfer({ ...content, amount: 0 })).rejects.toBeInstanceOf(TransferError);
    expect(attempts()).toBe(0);
  });

  it('answers 503 LEDGER_BUSY, never a 500, when every retry was a deadlock victim', async () => {
    const { service, attempts } = serviceWhoseTransactions(() =>
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
    );
    const refusal = service.transfer(content);
    await expect(refusal).rejects.toBeInstanceOf(LedgerBusyError);
    await expect(refusal).rejects.toMatchObject({ status: 503, code: 'LEDGER_BUSY' });
    expect(attempts()).toBe(5);
  });

  it('maps the database non-negative check to INSUFFICIENT_FUNDS', async () => {
    const { service } = serviceWhoseTransactions(() =>
      Object.assign(new Error('check'), { code: '23514', constraint: 'accounts_non_negative_check' }),
    );
    await expect(service.transfer(content)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', status: 409 });
  });

  it('lets other failures through untouched', async () => {
    const boom = new Error('connection lost');
    const { service } = serviceWhoseTransactions(() => boom);
    await expect(service.transfer(content)).rejects.toBe(boom);
  });
});
