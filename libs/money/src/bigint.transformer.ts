import type { ValueTransformer } from 'typeorm';
import { AmountError } from './amount';

/**
 * TypeORM returns PostgreSQL `bigint` columns as strings (node-postgres keeps them exact). This
 * transformer turns them into numbers and refuses any value that is not a safe integer, so an
 * amount can never silently lose precision on the way in or out.
 */
export const bigintTransformer: ValueTransformer = {
  to(value: number | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    if (!Number.isSafeInteger(value)) throw new AmountError(`not a safe integer: ${String(value)}`);
    return String(value);
  },
  from(value: string | number | null): number | null {
    if (value === null) return null;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new AmountError(`bigint column value out of safe range: ${String(value)}`);
    return n;
  },
};
