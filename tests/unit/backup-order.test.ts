import { describe, expect, it } from 'vitest';
import { insertionOrder, respectsForeignKeys, selfReferenceColumns, type ForeignKey } from '../../src/modules/backup/domain/order.js';
import { assertSchemaFits, compareBackupSchema } from '../../src/modules/backup/domain/schema.js';
import { tablesInScope } from '../../src/modules/backup/domain/scope.js';
import { BackupError } from '../../src/modules/backup/domain/format.js';

const fk = (table: string, references: string, columns = ['municipality_id', `${references}_id`]): ForeignKey => ({ table, references, columns });

describe('insertion order', () => {
  const fks = [
    fk('plan_nodes', 'plans'),
    fk('plans', 'municipalities', ['municipality_id']),
    fk('plan_nodes', 'plan_nodes', ['municipality_id', 'parent_id']),
    fk('departments', 'departments', ['municipality_id', 'successor_id']),
    fk('departments', 'municipalities', ['municipality_id']),
    fk('node_departments', 'plan_nodes'),
    fk('node_departments', 'departments'),
  ];
  const tables = ['node_departments', 'plan_nodes', 'departments', 'plans', 'municipalities', 'audit_log'];

  it('puts every table after the tables it references; references to itself do not count', () => {
    const order = insertionOrder(tables, fks);
    expect(order).toHaveLength(tables.length);
    expect(respectsForeignKeys(order, fks)).toBe(true);
    expect(order.indexOf('municipalities')).toBeLessThan(order.indexOf('plans'));
    expect(order.indexOf('plans')).toBeLessThan(order.indexOf('plan_nodes'));
    expect(order.indexOf('departments')).toBeLessThan(order.indexOf('node_departments'));
  });

  it('is the same for the same schema, whatever order the catalog lists tables in', () => {
    expect(insertionOrder([...tables].reverse(), [...fks].reverse())).toEqual(insertionOrder(tables, fks));
  });

  it('a cycle between two tables is reported, not looped on', () => {
    expect(() => insertionOrder(['a', 'b'], [fk('a', 'b'), fk('b', 'a')])).toThrow(/循環/);
  });

  it('respectsForeignKeys sees a child before its parent', () => {
    expect(respectsForeignKeys(['plan_nodes', 'plans'], fks)).toBe(false);
  });

  it('self-reference columns outside the primary key are set in the second pass', () => {
    const self = [fk('departments', 'departments', ['municipality_id', 'parent_id']), fk('departments', 'departments', ['municipality_id', 'successor_id'])];
    expect(selfReferenceColumns('departments', self, ['municipality_id', 'id'])).toEqual(['parent_id', 'successor_id']);
    expect(selfReferenceColumns('plans', self, ['municipality_id', 'id'])).toEqual([]);
  });
});

describe('scope', () => {
  it('a municipality backup holds the municipalities row and tenant tables, without sessions', () => {
    const t = [
      { name: 'municipalities', tenant: false },
      { name: 'users', tenant: true },
      { name: 'sessions', tenant: true },
      { name: 'settings', tenant: false },
    ];
    expect(tablesInScope('municipality', t)).toEqual(['municipalities', 'users']);
    expect(tablesInScope('full', t)).toEqual(['municipalities', 'users', 'sessions', 'settings']);
  });
});

describe('backup schema against the target', () => {
  const build = ['0000_init', '0001_pdca', '0002_x'];
  it('same, newer, older, different', () => {
    expect(compareBackupSchema(build, build)).toBe('same');
    expect(compareBackupSchema([...build, '0003_y'], build)).toBe('newer');
    expect(compareBackupSchema(build.slice(0, 2), build)).toBe('older');
    expect(compareBackupSchema(['0000_init', '0001_other'], build.slice(0, 2))).toBe('different');
  });

  it('refusals name the versions involved', () => {
    const refuse = (file: string[]) => {
      try {
        assertSchemaFits('b.gz', file, build, build);
        return null;
      } catch (e) {
        return e as BackupError;
      }
    };
    expect(refuse(build)).toBeNull();
    const newer = refuse([...build, '0003_y'])!;
    expect(newer.problem).toBe('schema_newer');
    expect(newer.message).toContain('0003_y');
    expect(newer.message).toContain('以降のgyokakuで復元');
    const older = refuse(build.slice(0, 2))!;
    expect(older.problem).toBe('schema_older');
    expect(older.message).toContain('0001_pdca');
    expect(older.message).toContain('migrate apply');
  });
});
