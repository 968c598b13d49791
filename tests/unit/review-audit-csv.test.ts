import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADER, csvField, csvLine, CSV_BOM, jsonCell } from '../../src/modules/audit/domain/csv.js';
import { formatJst, jstDateRange, splitActor } from '../../src/modules/audit/domain/labels.js';
import { auditCsvHeader, auditCsvLine } from '../../src/modules/audit/presenters/audit.js';

describe('audit CSV (by hand, RFC 4180)', () => {
  it('header columns', () => {
    expect(AUDIT_CSV_HEADER).toEqual(['日時（JST）', '操作者', '接続元', '操作', '対象', '対象ID', '変更前', '変更後']);
    expect(auditCsvHeader()).toBe('日時（JST）,操作者,接続元,操作,対象,対象ID,変更前,変更後\r\n');
    expect(CSV_BOM).toBe('\uFEFF');
  });

  it('quotes fields with comma, quote, CR or LF and doubles quotes', () => {
    expect(csvField('総務課')).toBe('総務課');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('彼は"はい"と')).toBe('"彼は""はい""と"');
    expect(csvField('1行目\n2行目')).toBe('"1行目\n2行目"');
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    // a plain negative number is not a formula (shared/formulaGuard.ts); a minus followed by anything else is
    expect(csvField('-1')).toBe('-1');
    expect(csvField('-1+cmd')).toBe("'-1+cmd");
  });

  it('before / after as JSON text; empty when absent', () => {
    expect(jsonCell(null)).toBe('');
    expect(jsonCell({ title: '会議', n: 1 })).toBe('{"title":"会議","n":1}');
  });

  it('one row: JST time, actor, ip, labelled action and entity, id, JSON', () => {
    const line = auditCsvLine({
      municipalityId: 'm',
      id: 'x',
      at: new Date('2026-03-31T15:00:01.234Z'),
      actor: 'u1:事務局 花子',
      ip: '10.0.0.8',
      action: 'opinion.return',
      entity: 'opinion',
      entityId: 'o1',
      before: { state: 'answered' },
      after: { state: 'open', returnComment: '財源, 時期を明記' },
    });
    expect(line).toBe(
      '2026-04-01 00:00:01,u1:事務局 花子,10.0.0.8,対応方針の差戻し（opinion.return）,意見（opinion）,o1,"{""state"":""answered""}","{""state"":""open"",""returnComment"":""財源, 時期を明記""}"\r\n',
    );
  });
});

describe('JST helpers', () => {
  it('formats instants in Asia/Tokyo', () => {
    expect(formatJst(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01 00:00:00');
    expect(formatJst(new Date('2026-06-01T02:03:04.999Z'))).toBe('2026-06-01 11:03:04');
  });

  it('a JST date range covers whole days, both ends inclusive', () => {
    const r = jstDateRange('2026-04-01', '2026-04-30');
    expect(r.start!.toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(r.end!.toISOString()).toBe('2026-04-30T15:00:00.000Z');
    expect(jstDateRange()).toEqual({});
  });

  it('splits the stored actor', () => {
    expect(splitActor('demo-admin:デモ管理者')).toEqual({ id: 'demo-admin', name: 'デモ管理者' });
    expect(splitActor('u:名前:コロン')).toEqual({ id: 'u', name: '名前:コロン' });
  });
});
