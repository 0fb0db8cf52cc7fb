import { Logger } from '@nestjs/common';
import { isRetryableTransactionError, withTransactionRetries } from './transaction-retry';

const quiet = { warn: jest.fn() } as unknown as Logger;

function pgError(code: string): Error {
  return Object.assign(new Error(`pg ${code}`), { code });
}

describe('withTransactionRetries', () => {
  it('knows serialization failures and deadlocks, directly or wrapped by TypeORM', () => {
    expect(isRetryableTransactionError(pgError('40001'))).toBe(true);
    expect(isRetryableTransactionError(pgError('40P01'))).toBe(true);
    expect(isRetryableTransactionError({ driverError: { code: '40P01' } })).toBe(true);
    expect(isRetryableTransactionError(pgError('23505'))).toBe(false);
    expect(isRetryableTransactionError(undefined)).toBe(false);
  });

  it('runs the work again after a deadlock and returns its result', async () => {
    const work = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(pgError('40P01'))
      .mockRejectedValueOnce(pgError('40001'))
      .mockResolvedValue('posted');
    await expect(withTransactionRetries(work, quiet)).resolves.toBe('posted');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last attempt', async () => {
    const work = jest.fn<Promise<string>, []>().mockRejectedValue(pgError('40P01'));
    await expect(withTransactionRetries(work, quiet, 3)).rejects.toThrow('pg 40P01');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('never repeats other errors', async () => {
    const work = jest.fn<Promise<string>, []>().mockRejectedValue(new Error('INSUFFICIENT_FUNDS'));
    await expect(withTransactionRetries(work, quiet)).rejects.toThrow('INSUFFICIENT_FUNDS');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
