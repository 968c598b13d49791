import { describe, expect, it } from 'vitest';
import { currentSuccessor, isValidOn, withPredecessors } from '../../src/modules/departments/domain/validity.js';

describe('isValidOn', () => {
  // valid_from <= day < valid_to
  it.each<[string | null, string | null, string, boolean]>([
    // both bounds
    ['2024-04-01', '2026-04-01', '2024-03-31', false], // day before start
    ['2024-04-01', '2026-04-01', '2024-04-01', true], // start inclusive
    ['2024-04-01', '2026-04-01', '2025-01-15', true],
    ['2024-04-01', '2026-04-01', '2026-03-31', true], // last valid day
    ['2024-04-01', '2026-04-01', '2026-04-01', false], // end exclusive
    ['2024-04-01', '2026-04-01', '2030-01-01', false],
    // open start
    [null, '2026-04-01', '1990-01-01', true],
    [null, '2026-04-01', '2026-03-31', true],
    [null, '2026-04-01', '2026-04-01', false],
    // open end
    ['2024-04-01', null, '2024-03-31', false],
    ['2024-04-01', null, '2024-04-01', true],
    ['2024-04-01', null, '2199-12-31', true],
    // both open
    [null, null, '2000-01-01', true],
    // empty range (from == to): valid on no day
    ['2025-04-01', '2025-04-01', '2025-04-01', false],
    ['2025-04-01', '2025-04-01', '2025-03-31', false],
    // year boundary compares correctly as strings
    ['2024-12-31', '2025-01-01', '2024-12-31', true],
    ['2024-12-31', '2025-01-01', '2025-01-01', false],
  ])('from %s to %s on %s → %s', (validFrom, validTo, day, expected) => {
    expect(isValidOn({ validFrom, validTo }, day)).toBe(expected);
  });
});

describe('currentSuccessor', () => {
  interface Dept {
    id: string;
    name: string;
    successorId: string | null;
  }
  const dept = (id: string, successorId: string | null): Dept => ({ id, name: `${id}課`, successorId });
  const index = (...ds: Dept[]) => new Map(ds.map((d) => [d.id, d]));

  it.each<[string, Map<string, Dept>, string, string | undefined]>([
    ['no successor → itself', index(dept('a', null)), 'a', 'a'],
    ['renamed once', index(dept('a', 'b'), dept('b', null)), 'a', 'b'],
    ['chain of renames/merges', index(dept('a', 'b'), dept('b', 'c'), dept('c', 'd'), dept('d', null)), 'a', 'd'],
    ['starting mid-chain', index(dept('a', 'b'), dept('b', 'c'), dept('c', 'd'), dept('d', null)), 'c', 'd'],
    ['two merged into one', index(dept('a', 'm'), dept('b', 'm'), dept('m', null)), 'b', 'm'],
    ['successor missing → last known', index(dept('a', 'b'), dept('b', 'gone')), 'a', 'b'],
    ['successor missing at the first step → itself', index(dept('a', 'gone')), 'a', 'a'],
    ['unknown id → undefined', index(dept('a', null)), 'zzz', undefined],
    ['empty index → undefined', index(), 'a', undefined],
  ])('%s', (_label, all, id, expected) => {
    expect(currentSuccessor(id, all)?.id).toBe(expected);
  });

  it.each<[string, Map<string, Dept>, string, string]>([
    ['self-loop', index(dept('a', 'a')), 'a', 'a'],
    ['two-node cycle from a', index(dept('a', 'b'), dept('b', 'a')), 'a', 'a'],
    ['two-node cycle from b', index(dept('a', 'b'), dept('b', 'a')), 'b', 'b'],
    ['cycle entered after a tail', index(dept('t', 'a'), dept('a', 'b'), dept('b', 'c'), dept('c', 'a')), 't', 'a'],
  ])('stops on a cycle: %s', (_label, all, id, expected) => {
    expect(currentSuccessor(id, all)?.id).toBe(expected);
  });

  it('returns the stored object itself', () => {
    const all = index(dept('a', 'b'), dept('b', null));
    expect(currentSuccessor('a', all)).toBe(all.get('b'));
  });
});

describe('withPredecessors', () => {
  const d = (id: string, successorId: string | null = null) => ({ id, successorId });
  it('adds every department the given one succeeded, transitively, and nothing else', () => {
    // 行革室 → 行革課 → DX推進課; 情報政策課 merged into DX推進課; 財政課 unrelated
    const all = [d('gyokaku-shitsu', 'gyokaku-ka'), d('gyokaku-ka', 'dx'), d('johoseisaku', 'dx'), d('dx'), d('zaisei')];
    expect([...withPredecessors('dx', all)].sort()).toEqual(['dx', 'gyokaku-ka', 'gyokaku-shitsu', 'johoseisaku']);
    expect([...withPredecessors('gyokaku-ka', all)].sort()).toEqual(['gyokaku-ka', 'gyokaku-shitsu']);
    expect([...withPredecessors('zaisei', all)]).toEqual(['zaisei']);
  });
  it('stops on a cycle', () => {
    expect([...withPredecessors('a', [d('a', 'b'), d('b', 'a')])].sort()).toEqual(['a', 'b']);
  });
});
