import { describe, expect, it } from 'vitest';
import {
  DESCRIPTION_MAX,
  NUMBER_MAX,
  TITLE_MAX,
  changedFields,
  normalizeDepartments,
  normalizeSchedule,
  revisionMark,
  stateAsOf,
  validateNodeFields,
  type ChangeRow,
  type NodeDepartmentRef,
  type NodeFieldsInput,
  type NodeRulesContext,
  type NodeSnapshot,
} from '../../src/modules/plans/domain/node.js';
import { DEFAULT_PHASES } from '../../src/modules/plans/domain/plan.js';

// Plan period FY2024–FY2028 = 令和6年度〜令和10年度
const ctx: NodeRulesContext = {
  phases: DEFAULT_PHASES,
  firstFiscalYear: 2024,
  lastFiscalYear: 2028,
  knownDepartmentIds: new Set(['soumu', 'zaisei', 'joho']),
  knownTagIds: new Set(['dx', 'gyokaku']),
};

const valid = (): NodeFieldsInput & { tagIds: string[] } => ({
  number: '1-(1)-①',
  title: '行政手続のオンライン化',
  description: '電子申請の対象手続を拡大する。',
  departments: [
    { id: 'joho', lead: true },
    { id: 'soumu', lead: false },
  ],
  tagIds: ['dx'],
  schedule: { '2024': 'kento', '2025': 'jisshi', '2026': 'keizoku' },
});

type Input = ReturnType<typeof valid>;

describe('constants', () => {
  it('has the documented limits', () => {
    expect([TITLE_MAX, NUMBER_MAX, DESCRIPTION_MAX]).toEqual([200, 20, 4000]);
  });
});

describe('validateNodeFields', () => {
  it('accepts a valid node', () => {
    expect(validateNodeFields(valid(), ctx)).toEqual([]);
  });

  it.each<[string, Partial<Input>]>([
    ['no departments at all', { departments: [] }],
    ['no tags', { tagIds: [] }],
    ['empty schedule', { schedule: {} }],
    ['title of exactly 200 chars', { title: 'あ'.repeat(200) }],
    ['title of 200 chars after trimming', { title: `  ${'あ'.repeat(200)}　` }],
    ['number of exactly 20 chars', { number: '１'.repeat(20) }],
    ['empty number', { number: '' }],
    ['description of exactly 4000 chars', { description: 'x'.repeat(4000) }],
    ['schedule on the first and last fiscal year', { schedule: { '2024': 'kento', '2028': 'junji' } }],
    ['single lead department', { departments: [{ id: 'zaisei', lead: true }] }],
  ])('accepts: %s', (_label, patch) => {
    expect(validateNodeFields({ ...valid(), ...patch }, ctx)).toEqual([]);
  });

  it.each<[string, Partial<Input>, { path: string; message: string }[]]>([
    ['empty title', { title: '' }, [{ path: 'title', message: '項目名を入力してください。' }]],
    ['whitespace-only title (incl. full-width space)', { title: ' 　\t ' }, [{ path: 'title', message: '項目名を入力してください。' }]],
    [
      'title of 201 chars',
      { title: 'あ'.repeat(201) },
      [{ path: 'title', message: '項目名は200文字以内にしてください（現在201文字）。' }],
    ],
    [
      'title of 250 chars reports the trimmed length',
      { title: ` ${'a'.repeat(250)} ` },
      [{ path: 'title', message: '項目名は200文字以内にしてください（現在250文字）。' }],
    ],
    ['number of 21 chars', { number: 'N'.repeat(21) }, [{ path: 'number', message: '整理番号は20文字以内にしてください。' }]],
    [
      'description of 4001 chars',
      { description: 'あ'.repeat(4001) },
      [{ path: 'description', message: '事業概要は4000文字以内にしてください（現在4001文字）。' }],
    ],
    [
      'unknown department',
      { departments: [{ id: 'kikaku', lead: true }] },
      [{ path: 'departments.0', message: '担当課が見つかりません。組織一覧から選んでください。' }],
    ],
    [
      'unknown department in second place',
      {
        departments: [
          { id: 'soumu', lead: true },
          { id: 'ghost', lead: false },
        ],
      },
      [{ path: 'departments.1', message: '担当課が見つかりません。組織一覧から選んでください。' }],
    ],
    [
      'duplicate department',
      {
        departments: [
          { id: 'soumu', lead: true },
          { id: 'zaisei', lead: false },
          { id: 'soumu', lead: false },
        ],
      },
      [{ path: 'departments.2', message: '同じ担当課が2回指定されています。' }],
    ],
    [
      'no lead department',
      {
        departments: [
          { id: 'soumu', lead: false },
          { id: 'zaisei', lead: false },
        ],
      },
      [{ path: 'departments', message: '主担当課を1つだけ選んでください。' }],
    ],
    [
      'two lead departments',
      {
        departments: [
          { id: 'soumu', lead: true },
          { id: 'zaisei', lead: true },
        ],
      },
      [{ path: 'departments', message: '主担当課を1つだけ選んでください。' }],
    ],
    ['unknown tag', { tagIds: ['dx', 'nope'] }, [{ path: 'tagIds.1', message: 'タグが見つかりません。' }]],
    [
      'two unknown tags',
      { tagIds: ['a', 'b'] },
      [
        { path: 'tagIds.0', message: 'タグが見つかりません。' },
        { path: 'tagIds.1', message: 'タグが見つかりません。' },
      ],
    ],
  ])('rejects: %s', (_label, patch, expected) => {
    expect(validateNodeFields({ ...valid(), ...patch }, ctx)).toEqual(expected);
  });

  it.each<[string, Record<string, string>, string, string[]]>([
    ['after the period', { '2031': 'kento' }, 'schedule.2031', ['令和13年度', '計画期間', '令和6年度', '令和10年度']],
    ['year just after the period', { '2029': 'jisshi' }, 'schedule.2029', ['令和11年度', '令和6年度〜令和10年度']],
    ['year just before the period', { '2023': 'jisshi' }, 'schedule.2023', ['令和5年度', '令和6年度〜令和10年度']],
    ['令和元年度 uses 元', { '2019': 'jisshi' }, 'schedule.2019', ['令和元年度']],
    ['平成 year', { '2018': 'jisshi' }, 'schedule.2018', ['平成30年度']],
    ['non-numeric key is echoed', { abc: 'kento' }, 'schedule.abc', ['abc', '令和6年度〜令和10年度']],
    ['fractional key is echoed', { '2025.5': 'kento' }, 'schedule.2025.5', ['2025.5']],
  ])('schedule outside the plan period: %s', (_label, schedule, path, mentions) => {
    const errors = validateNodeFields({ ...valid(), schedule }, ctx);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe(path);
    for (const m of mentions) expect(errors[0]?.message).toContain(m);
    expect(errors[0]?.message).toMatch(/の外です。$/);
  });

  it.each<[string, Record<string, string>, string, string]>([
    ['unknown code', { '2025': 'donyu' }, 'schedule.2025', '令和7年度の区分「donyu」はこの計画の区分（検討・実施・順次実施・継続）にありません。'],
    ['label instead of code', { '2024': '検討' }, 'schedule.2024', '令和6年度の区分「検討」はこの計画の区分（検討・実施・順次実施・継続）にありません。'],
    ['code with wrong case', { '2028': 'Kento' }, 'schedule.2028', '令和10年度の区分「Kento」はこの計画の区分（検討・実施・順次実施・継続）にありません。'],
  ])('schedule with unknown phase: %s', (_label, schedule, path, message) => {
    expect(validateNodeFields({ ...valid(), schedule }, ctx)).toEqual([{ path, message }]);
  });

  it('only reports the period error when the year is outside and the code unknown', () => {
    const errors = validateNodeFields({ ...valid(), schedule: { '2030': 'bogus' } }, ctx);
    expect(errors.map((e) => e.path)).toEqual(['schedule.2030']);
    expect(errors[0]?.message).toContain('計画期間');
  });

  it('uses the plan’s own phase vocabulary', () => {
    const own: NodeRulesContext = { ...ctx, phases: [{ code: 'donyu', label: '導入' }, { code: 'unyo', label: '運用' }] };
    expect(validateNodeFields({ ...valid(), schedule: { '2025': 'donyu' } }, own)).toEqual([]);
    expect(validateNodeFields({ ...valid(), schedule: { '2025': 'kento' } }, own)).toEqual([
      { path: 'schedule.2025', message: '令和7年度の区分「kento」はこの計画の区分（導入・運用）にありません。' },
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const errors = validateNodeFields(
      {
        number: 'X'.repeat(NUMBER_MAX + 1),
        title: '',
        description: 'y'.repeat(DESCRIPTION_MAX + 1),
        departments: [
          { id: 'ghost', lead: false },
          { id: 'ghost', lead: false },
        ],
        tagIds: ['zzz'],
        schedule: { '2031': 'kento', '2025': 'zzz' },
      },
      ctx,
    );
    expect(errors.map((e) => e.path).sort()).toEqual(
      ['title', 'number', 'description', 'departments.0', 'departments.1', 'departments.1', 'departments', 'tagIds.0', 'schedule.2025', 'schedule.2031'].sort(),
    );
    // an unknown and duplicated department gets both messages
    expect(errors.filter((e) => e.path === 'departments.1').map((e) => e.message)).toEqual([
      '担当課が見つかりません。組織一覧から選んでください。',
      '同じ担当課が2回指定されています。',
    ]);
  });

  // The HTTP schema lets any 4-digit key through; a year that cannot be written
  // in 和暦 must still come back as a field error, not a 500.
  it.each<[string]>([['1800'], ['0000'], ['1867']])(
    'reports schedule.%s as outside the period instead of throwing',
    (key) => {
      const errors = validateNodeFields({ ...valid(), schedule: { [key]: 'kento' } }, ctx);
      expect(errors.map((e) => e.path)).toEqual([`schedule.${key}`]);
    },
  );

  it('earliest 和暦-expressible year still gets a proper message ', () => {
    expect(validateNodeFields({ ...valid(), schedule: { '1868': 'kento' } }, ctx)).toEqual([
      { path: 'schedule.1868', message: '明治元年度は計画期間（令和6年度〜令和10年度）の外です。' },
    ]);
  });
});

describe('normalizeDepartments', () => {
  const d = (id: string, lead = false): NodeDepartmentRef => ({ id, lead });
  it.each<[string, NodeDepartmentRef[], NodeDepartmentRef[]]>([
    ['empty', [], []],
    ['single non-lead becomes lead', [d('a')], [d('a', true)]],
    ['lead already first', [d('a', true), d('b')], [d('a', true), d('b')]],
    ['lead moved to the front, others keep their order', [d('a'), d('b'), d('c', true), d('e')], [d('c', true), d('a'), d('b'), d('e')]],
    ['no lead marked → first becomes lead', [d('a'), d('b'), d('c')], [d('a', true), d('b'), d('c')]],
    ['several leads → first lead kept, others demoted', [d('a'), d('b', true), d('c', true)], [d('b', true), d('a'), d('c')]],
  ])('%s', (_label, input, expected) => {
    const out = normalizeDepartments(input);
    expect(out).toEqual(expected);
    if (out.length) expect(out.filter((x) => x.lead)).toHaveLength(1);
  });

  it('does not mutate its input', () => {
    const input = [d('a'), d('b', true)];
    normalizeDepartments(input);
    expect(input).toEqual([d('a'), d('b', true)]);
  });
});

describe('normalizeSchedule', () => {
  it.each<[string, Record<string, string | null | undefined>, Record<string, string>]>([
    ['empty', {}, {}],
    ['keeps filled cells', { '2024': 'kento', '2025': 'jisshi' }, { '2024': 'kento', '2025': 'jisshi' }],
    ['drops null, undefined and empty string', { '2024': null, '2025': 'jisshi', '2026': undefined, '2027': '' }, { '2025': 'jisshi' }],
    ['all empty', { '2024': null, '2025': '' }, {}],
  ])('%s', (_label, input, expected) => {
    expect(normalizeSchedule(input)).toEqual(expected);
  });

  it('returns keys in fiscal-year order', () => {
    expect(Object.keys(normalizeSchedule({ '2027': 'c', '2024': 'a', '2026': 'b' }))).toEqual(['2024', '2026', '2027']);
  });
});

describe('revisionMark', () => {
  it.each<['added' | 'revised', number, string]>([
    ['revised', 2020, '【R2年度改訂】'],
    ['added', 2020, '【R2年度追加項目】'],
    ['revised', 2019, '【R1年度改訂】'],
    ['added', 2019, '【R1年度追加項目】'],
    ['revised', 2018, '【H30年度改訂】'],
    ['added', 2026, '【R8年度追加項目】'],
  ])('%s FY%i → %s', (kind, fy, expected) => {
    expect(revisionMark(kind, fy)).toBe(expected);
  });
});

const snap = (over: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  parentId: null,
  depth: 0,
  sortOrder: 10,
  number: '1',
  title: '行政手続のオンライン化',
  description: '',
  priority: false,
  isAction: true,
  status: 'active',
  mergedIntoId: null,
  departments: [{ id: 'joho', lead: true }],
  tagIds: ['dx'],
  schedule: { '2024': 'kento' },
  marks: [],
  ...over,
});

describe('changedFields', () => {
  it.each<[string, Partial<NodeSnapshot>, (keyof NodeSnapshot)[]]>([
    ['identical', {}, []],
    ['title', { title: '窓口改革' }, ['title']],
    ['status and mark', { status: 'stopped', marks: ['【R7年度改訂】'] }, ['status', 'marks']],
    ['moved', { parentId: 'p', depth: 1, sortOrder: 20 }, ['parentId', 'depth', 'sortOrder']],
    ['schedule value', { schedule: { '2024': 'jisshi' } }, ['schedule']],
    ['schedule year added', { schedule: { '2024': 'kento', '2025': 'jisshi' } }, ['schedule']],
    ['lead department changed', { departments: [{ id: 'joho', lead: false }] }, ['departments']],
    ['tag added', { tagIds: ['dx', 'gyokaku'] }, ['tagIds']],
    ['boolean flags', { priority: true, isAction: false }, ['priority', 'isAction']],
  ])('%s', (_label, patch, expected) => {
    expect(changedFields(snap(), snap(patch))).toEqual(expected);
  });

  it('a fresh but equal copy of nested values is not a change', () => {
    const before = snap();
    const after = snap({ departments: [{ id: 'joho', lead: true }], schedule: { '2024': 'kento' }, tagIds: ['dx'] });
    expect(changedFields(before, after)).toEqual([]);
  });
});

describe('stateAsOf', () => {
  const ch = (nodeId: string, effectiveDate: string, seq: number, title: string): ChangeRow => ({
    nodeId,
    kind: 'edited',
    effectiveDate,
    seq,
    snapshot: snap({ title }),
  });

  const history: ChangeRow[] = [
    ch('n1', '2024-04-01', 1, 'n1 策定時'),
    ch('n1', '2025-04-01', 5, 'n1 R7改訂'),
    ch('n1', '2025-04-01', 3, 'n1 R7改訂(前)'), // same date, lower seq, listed later
    ch('n1', '2026-04-01', 9, 'n1 R8改訂'),
    ch('n2', '2024-04-01', 2, 'n2 策定時'),
    ch('n3', '2025-10-01', 7, 'n3 追加'),
    ch('n2', '2025-04-01', 4, 'n2 R7改訂'),
  ];

  const titles = (m: Map<string, NodeSnapshot>) => Object.fromEntries([...m].map(([id, s]) => [id, s.title]).sort());

  it.each<[string, Record<string, string>]>([
    ['2024-03-31', {}], // before anything existed
    ['2024-04-01', { n1: 'n1 策定時', n2: 'n2 策定時' }], // effective date itself is included
    ['2025-03-31', { n1: 'n1 策定時', n2: 'n2 策定時' }],
    ['2025-04-01', { n1: 'n1 R7改訂', n2: 'n2 R7改訂' }], // same-date tie → higher seq wins
    ['2025-09-30', { n1: 'n1 R7改訂', n2: 'n2 R7改訂' }], // n3 not yet added
    ['2025-10-01', { n1: 'n1 R7改訂', n2: 'n2 R7改訂', n3: 'n3 追加' }],
    ['2026-04-01', { n1: 'n1 R8改訂', n2: 'n2 R7改訂', n3: 'n3 追加' }],
    ['2099-12-31', { n1: 'n1 R8改訂', n2: 'n2 R7改訂', n3: 'n3 追加' }],
  ])('as of %s', (asOf, expected) => {
    expect(titles(stateAsOf(history, asOf))).toEqual(expected);
  });

  it('does not depend on the input order', () => {
    expect(titles(stateAsOf([...history].reverse(), '2025-04-01'))).toEqual({ n1: 'n1 R7改訂', n2: 'n2 R7改訂' });
  });

  it('a later date beats a higher seq on an earlier date', () => {
    const rows = [ch('n', '2025-04-01', 100, '古い'), ch('n', '2025-05-01', 1, '新しい')];
    expect(stateAsOf(rows, '2025-12-31').get('n')?.title).toBe('新しい');
  });

  it('empty history → empty state', () => {
    expect(stateAsOf([], '2025-04-01').size).toBe(0);
  });
});
