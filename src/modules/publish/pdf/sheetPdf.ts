/**
 * An item's single sheet (個票) as a PDF: who/what (path of levels, 整理番号, title, 事業概要,
 * 担当課), the schedule and status per fiscal year, every published answer, and the 変更調書.
 * Tables repeat their header rows when they continue on the next page.
 */
import type { Sheet } from '../domain/sheet.js';
import { PRIORITY_MARK } from '../domain/diagram.js';
import { COLORS, gridLayout, landscapeDoc, printedOn, th } from './common.js';
import { renderPdf, type Content } from './render.js';

const label = (text: string) => ({ text, bold: true, fillColor: COLORS.labelFill });
/** A section heading: headlineLevel 1 keeps it off the foot of a page (see keepHeadingsWithContent). */
const section = (text: string): Content => ({ text, bold: true, fontSize: 10, margin: [0, 10, 0, 4], headlineLevel: 1 });

/** pdfmake hook: a heading that would end a page moves to the next one with its table. */
export function keepHeadingsWithContent(node: { headlineLevel?: number }, q: { getFollowingNodesOnPage(): unknown[] }): boolean {
  return node.headlineLevel === 1 && q.getFollowingNodesOnPage().length === 0;
}

export function sheetPdfDefinition(s: Sheet, municipality: string) {
  const titleLine: Content[] = [{ text: s.title, bold: true, fontSize: 11 }];
  if (s.marks.length) titleLine.push({ text: `　${s.marks.join('')}`, color: COLORS.muted });
  if (s.priority) titleLine.push({ text: `　${PRIORITY_MARK}`, color: COLORS.priority, bold: true });
  if (s.endedLabel) titleLine.push({ text: `　${s.endedLabel}`, bold: true });

  const about: Content[][] = [
    [label('計画'), { text: s.planTitle, colSpan: 3 }, {}, {}],
    ...s.path.map((p) => [label(p.levelName), { text: p.text, colSpan: 3 }, {}, {}]),
    [label('整理番号'), s.number || '（なし）', label(s.levelName), { text: titleLine }],
    [label('事業概要'), { text: s.description || '（記載なし）', colSpan: 3 }, {}, {}],
    [label('担当課'), s.departments || '（未設定）', label('適用期間'), s.period],
    ...(s.tags ? [[label('分類'), { text: s.tags, colSpan: 3 }, {}, {}]] : []),
  ];

  const yearWidths = s.years.map(() => '*');
  const years: Content[][] = [
    [th('年度'), ...s.years.map((y) => th(`${y.short}\n${y.label}`))],
    [label('スケジュール'), ...s.years.map((y) => ({ text: y.schedule, alignment: 'center' }))],
    [label('取組状況'), ...s.years.map((y) => ({ text: y.status, alignment: 'center' }))],
    ...(s.hasAchievement ? [[label('達成度'), ...s.years.map((y) => ({ text: y.achievement, alignment: 'center' }))]] : []),
  ];

  // columns nobody answered (課題, 次年度の予定, 効果 are asked only in some rounds) are left out
  const optional = [
    { title: '課題', width: 130, text: (a: Sheet['answers'][number]) => a.issues },
    { title: '次年度の予定', width: 130, text: (a: Sheet['answers'][number]) => a.nextPlan },
    { title: '効果', width: 90, text: (a: Sheet['answers'][number]) => a.effect },
  ].filter((c) => s.answers.some((a) => c.text(a)));
  const answerHeader = [th('照会'), th('取組状況'), ...(s.hasAchievement ? [th('達成度')] : []), th('取組内容'), ...optional.map((c) => th(c.title))];
  const answers: Content[][] = s.answers.map((a) => [
    { text: [{ text: a.round, bold: true }, `\n${a.asOf}`] },
    a.status,
    ...(s.hasAchievement ? [a.achievement] : []),
    a.narrative,
    ...optional.map((c) => c.text(a)),
  ]);
  const answerWidths = [80, 60, ...(s.hasAchievement ? [60] : []), '*', ...optional.map((c) => c.width)];

  const changes: Content[][] = s.changes.map((c) => [c.date, c.kind, c.mark, c.reason]);

  const content: Content[] = [
    { text: [{ text: '個票　', bold: true, fontSize: 14 }, { text: s.title, bold: true, fontSize: 14 }] },
    { text: `${municipality}　出力日 ${printedOn()}`, fontSize: 8, color: COLORS.muted, margin: [0, 2, 0, 6] },
    { table: { widths: [70, '*', 60, '*'], body: about }, layout: gridLayout(4) },
    section('年度別のスケジュールと取組状況'),
    { table: { headerRows: 1, widths: [70, ...yearWidths], body: years }, layout: gridLayout(3) },
    ...s.legendLines.map((l) => ({ text: l, fontSize: 7, margin: [0, 2, 0, 0] })),
    section('進捗状況の記録'),
    answers.length
      ? { table: { headerRows: 1, widths: answerWidths, body: [answerHeader, ...answers] }, layout: gridLayout(3), fontSize: 7.5 }
      : { text: '公表できる回答はまだありません。', color: COLORS.muted },
    section('変更の記録（変更調書）'),
    changes.length
      ? { table: { headerRows: 1, widths: [90, 50, 110, '*'], body: [[th('適用日'), th('区分'), th('表示'), th('理由')], ...changes] }, layout: gridLayout(3), fontSize: 7.5 }
      : { text: '変更の記録はありません。', color: COLORS.muted },
  ];
  return { ...landscapeDoc({ title: `個票 ${[s.number, s.title].filter(Boolean).join(' ')}`, municipality, content }), pageBreakBefore: keepHeadingsWithContent };
}

export function renderSheetPdf(s: Sheet, municipality: string): Promise<Buffer> {
  return renderPdf(sheetPdfDefinition(s, municipality));
}
