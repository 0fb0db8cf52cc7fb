import { describe, expect, it } from 'vitest';
import type { StatementEntry } from './wallet.api';
import { arrivedSince } from './wallet-watch';

const entry = (id: string, amount = 10) => ({ id, amount }) as StatementEntry;

describe('arrivedSince', () => {
  it('lists what came after the last seen entry, oldest first', () => {
    const items = [entry('c'), entry('b'), entry('a')];
    expect(arrivedSince(items, 'a').map((e) => e.id)).toEqual(['b', 'c']);
    expect(arrivedSince(items, 'c')).toEqual([]);
  });

  it('takes the whole page when the last seen entry scrolled off it', () => {
    expect(arrivedSince([entry('z'), entry('y')], 'a').map((e) => e.id)).toEqual(['y', 'z']);
  });
});
