import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  BackupError,
  BackupVerifier,
  headerLine,
  parseLine,
  rowsLine,
  tableLine,
  trailerLine,
  type BackupProblem,
} from '../../src/modules/backup/domain/format.js';

const header = (over: Record<string, unknown> = {}) =>
  headerLine({
    scope: 'full',
    municipality: null,
    schema: { count: 2, migrations: ['0000_init', '0001_pdca'] },
    created_at: '2026-04-01T00:00:00.000Z',
    tables: ['municipalities', 'departments'],
    ...over,
  });

/** a well-formed file's lines (without "\n"), trailer computed like the writer does */
function lines(body: string[] = defaultBody(), counts = { municipalities: 1, departments: 2 }): string[] {
  const sha = createHash('sha256');
  for (const l of body) sha.update(l + '\n');
  return [...body, trailerLine(counts, sha.digest('hex'))];
}

function defaultBody(): string[] {
  return [
    header(),
    tableLine('municipalities', ['id', 'code']),
    rowsLine('municipalities', 1, '[{"id":"a","code":"432041"}]'),
    tableLine('departments', ['municipality_id', 'id', 'parent_id']),
    rowsLine('departments', 1, '[{"municipality_id":"a","id":"d1","parent_id":null}]'),
    rowsLine('departments', 1, '[{"municipality_id":"a","id":"d2","parent_id":"d1"}]'),
  ];
}

function verify(ls: string[]) {
  const v = new BackupVerifier('x.gz');
  for (const l of ls) v.feed(l);
  return v.finish();
}

function problemOf(f: () => unknown): BackupProblem | 'none' {
  try {
    f();
    return 'none';
  } catch (e) {
    if (e instanceof BackupError) return e.problem;
    throw e;
  }
}

describe('backup file lines', () => {
  it('a well-formed file verifies with its tables, columns and counts', () => {
    const v = verify(lines());
    expect(v.header.scope).toBe('full');
    expect(v.tables).toEqual([
      { name: 'municipalities', columns: ['id', 'code'], count: 1 },
      { name: 'departments', columns: ['municipality_id', 'id', 'parent_id'], count: 2 },
    ]);
    expect(v.trailer.rows).toBe(3);
  });

  it('row batches are handed on as the database wrote them, never re-parsed (numbers keep every digit)', () => {
    const rows = '[{"big":12345678901234567890.123456789,"s":"a\\nb"}]';
    const p = parseLine(rowsLine('t', 1, rows));
    expect(p).toEqual({ kind: 'rows', table: 't', n: 1, rowsJson: rows });
  });

  it('a raw line break between JSON tokens becomes a space, so a batch stays one line', () => {
    const line = rowsLine('t', 2, '[{"a":1},\n {"a":2}]');
    expect(line).not.toContain('\n');
    expect(parseLine(line)).toMatchObject({ kind: 'rows', rowsJson: '[{"a":1},  {"a":2}]' });
  });

  it('one changed character anywhere before the trailer fails the checksum', () => {
    const ls = lines();
    ls[4] = ls[4]!.replace('d1', 'd9');
    expect(problemOf(() => verify(ls))).toBe('corrupt');
  });

  it('a file without its trailer is truncated', () => {
    expect(problemOf(() => verify(lines().slice(0, -1)))).toBe('truncated');
    expect(problemOf(() => verify(lines().slice(0, 3)))).toBe('truncated');
  });

  it('counts that do not match the rows, a table out of place, lines after the trailer: corrupt', () => {
    expect(problemOf(() => verify(lines(defaultBody(), { municipalities: 1, departments: 3 })))).toBe('corrupt');
    const swapped = defaultBody();
    [swapped[1], swapped[3]] = [swapped[3]!, swapped[1]!];
    expect(problemOf(() => verify(lines(swapped)))).toBe('corrupt');
    expect(problemOf(() => verify([...lines(), '{}']))).toBe('corrupt');
    const stray = defaultBody();
    stray.splice(1, 0, rowsLine('municipalities', 1, '[]'));
    expect(problemOf(() => verify(lines(stray)))).toBe('corrupt');
  });

  it('another product, a non-JSON first line, an empty file: not a gyokaku backup', () => {
    expect(problemOf(() => verify(lines([header().replace('"gyokaku"', '"other"'), ...defaultBody().slice(1)])))).toBe('not_backup');
    expect(problemOf(() => verify(['hello, world']))).toBe('not_backup');
    expect(problemOf(() => verify([]))).toBe('not_backup');
  });

  it('a file of a newer format is refused, saying which gyokaku can read it', () => {
    const newer = header().replace('"format":1', '"format":2');
    const v = new BackupVerifier('x.gz');
    let err: unknown;
    try {
      v.feed(newer);
    } catch (e) {
      err = e;
    }
    expect((err as BackupError).problem).toBe('format_newer');
    expect((err as Error).message).toContain('形式 2');
  });
});
