import type { DemoOpenRound } from '../domain/types.js';

/**
 * 第六次荒尾市行政改革大綱の照会「令和8年度 上半期」（デモ用に作成。素案に基づくものではない）。
 *
 * 25の実施項目のうち: 事務局確認済み 3、課長承認済み 4、提出済み 4、差戻し 1、作成中 5、未着手 8。
 * 担当課は arao.ts の第六次の実施項目に設定した主担当課（デモ用の仮定）。
 * 凡例: 進捗 not_started 未着手 / in_progress 取組中 / completed 完了、
 *       達成度 achieved 達成 / partly 一部達成 / not_achieved 未達成。
 */
export const arao6Round: DemoOpenRound = {
  label: '令和8年度 上半期',
  asOfDate: '2026-09-30',
  targetFiscalYear: 2026,
  deadline: '2026-12-18',
  minDaysAhead: 21,
  fields: ['status', 'achievement', 'narrative', 'issues', 'nextPlan', 'effect'],
  secretariat: '事務局 行革担当（総合政策課）',
  answers: [
    // ───── 事務局確認済み ─────
    {
      item: '財政規律の徹底',
      state: 'accepted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '令和9年度予算編成方針において、歳入に見合った歳出とし基金の取崩しに依存しない予算編成を基本原則として明記し、7月の庁議で全部局に周知した。あわせて、部ごとに一般財源ベースの要求上限額を設定した。',
      issues: '扶助費の自然増が続いており、収支不足を財政調整基金の取崩しで補う構造からの脱却には複数年を要する。',
      nextPlan: '中期財政計画を見直し、12月までに財政調整基金残高の目標額を設定する。',
    },
    {
      item: '収納方法の見直し',
      state: 'accepted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '市役所や金融機関に出向かずに口座振替の申込みができるWeb口座振替受付サービスを7月から導入し、9月末までに312件の申込みがあった。あわせて、公金収納のデジタル化に向けて対象となる税・料の整理を行った。',
      issues: 'Web口座振替受付サービスに対応していない市内の金融機関がある。',
      nextPlan: '対応金融機関の拡大を働きかけるとともに、納税通知書の送付時と広報紙・市ホームページで周知する。',
    },
    {
      item: '収納方法の多様化',
      state: 'accepted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '地方税統一QRコード（eL-QR）を使用した納付の対象を、国民健康保険税、介護保険料及び後期高齢者医療保険料に拡大した。スマートフォン決済による納付件数は、上半期で前年同期比約15%増となった。',
      issues: '使用料・手数料など税外の公金をeL-QRの対象とするには、システム改修が必要となる。',
      nextPlan: '税外公金への対象拡大について、改修費用と効果を比較検討し、令和9年度予算に反映する。',
    },

    // ───── 課長承認済み（事務局確認待ち） ─────
    {
      item: '市有財産維持管理費等の見直し',
      state: 'approved',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '公共施設総合管理業務委託の対象施設について、設備保守点検と清掃業務の仕様の重複を整理し、10月からの契約変更で年間約320万円の削減を見込む。あわせて、施設別の光熱水費の実績を集計し、所管課と削減策を協議している。',
      issues: '物価・人件費の上昇により委託料全体は増加傾向にあり、削減効果が相殺されるおそれがある。',
      nextPlan: '下半期に施設別の維持管理費一覧を作成し、令和9年度予算要求前に所管課ヒアリングを行う。',
      effectExpenseYen: 3_200_000,
      effectKind: 'recurring',
    },
    {
      item: '市有財産の有効活用による増収',
      state: 'approved',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '未利用地3件について一般競争入札を実施し、2件が落札された（売却額計4,520,000円）。旧第五中学校については、活用意向のある事業者2社とサウンディング型市場調査による対話を行った。',
      issues: '老朽化した未利用施設では解体費が売却見込額を上回る場合があり、貸付け・売却・解体の判断基準が必要である。',
      nextPlan: '落札されなかった1件は売却条件を見直して再公告する。ネーミングライツの導入対象施設を年度内に選定する。',
      effectRevenueYen: 4_520_000,
      effectKind: 'one_off',
    },
    {
      item: '保健・福祉・子育て支援の充実',
      state: 'approved',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '保健・福祉・子育て支援施設「Mirairo」への窓口移転に向けて、移転する窓口と社会福祉協議会との業務分担を整理し、移転スケジュールを決定した。来所者の動線と相談室の配置について関係課と協議を行った。',
      issues: '移転後、本庁舎で行う手続とMirairoで行う手続の区分を市民に分かりやすく周知する必要がある。',
      nextPlan: '案内表示と広報の計画を作成し、移転前に窓口職員の合同研修を実施する。',
    },
    {
      item: 'ICT活用による業務効率化',
      state: 'approved',
      status: 'in_progress',
      achievement: 'achieved',
      narrative:
        '生成AIの利用を全課に拡大し、職員向けの活用研修を2回（延べ86人）実施した。会議録作成へのAI音声認識の利用を広げ、上半期で約420時間の作業時間を削減した。',
      issues: '個人情報を含む業務での生成AIの利用基準と、出力内容の確認手順を明確にする必要がある。',
      nextPlan: '生成AI利用ガイドラインを改定し、RPA・AI-OCRとあわせた業務効率化の事例集を作成して庁内に共有する。',
    },

    // ───── 提出済み（課長承認待ち） ─────
    {
      item: '人件費の適正化',
      state: 'submitted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '4月の人事異動にあわせて係の統合を行い、係長級の役職を2削減した。時間外勤務は上半期実績で前年同期比約6%減となった。ノー残業デーの徹底と早出遅出勤務制度の周知を継続している。',
      issues: '選挙事務や災害対応が重なった部署では時間外勤務が増加しており、部署間の偏りが大きい。',
      nextPlan: '10月の組織ヒアリングで業務量を確認し、令和9年度の職員配置に反映する。',
    },
    {
      item: 'ふるさと納税等の収入確保',
      state: 'submitted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '市内事業者5社の新たな返礼品12品目を登録し、受付ポータルサイトを1サイト追加した。上半期の寄附受入額は約2億1,000万円（前年同期比約8%増）となった。地域の魅力増進につながる事業を対象とするクラウドファンディングの実施に向け、対象事業の選定を進めている。',
      issues: '返礼品の原材料費・配送費の高騰により、経費を寄附額の5割以下に抑えながら返礼品を開発することが難しくなっている。',
      nextPlan: '寄附が集中する年末に向けて、インターネット広告と定期便型の返礼品を拡充する。',
      effectRevenueYen: 16_800_000,
      effectKind: 'one_off',
    },
    {
      item: '公共施設使用料等の適正化',
      state: 'submitted',
      status: 'in_progress',
      achievement: 'not_achieved',
      narrative:
        '使用料を徴収している公共施設について、施設ごとの維持管理コストと使用料収入を比較した受益者負担率の一覧を作成した。減額・免除の基準が施設ごとに異なっている状況を整理し、統一基準の素案を作成している。',
      issues: '物価高騰の中での使用料改定となるため、利用者・利用団体の理解を得る必要がある。',
      nextPlan: '下半期に使用料の算定基準と減免基準の統一案を取りまとめ、令和9年度中の改定に向けて関係課と協議する。',
    },
    {
      item: '窓口等の見直し',
      state: 'submitted',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '市民課窓口で職員が市民の立場で手続を体験する窓口体験調査を実施し、待ち時間が長い手続と記入項目の多い申請書を洗い出した。オンラインによる窓口予約の試行を10月から開始する準備を進めている。',
      issues: '繁忙期（3月・4月）の待ち時間を短縮するには、予約枠と職員配置の調整が必要である。',
      nextPlan: '窓口予約の試行結果を検証し、対象手続の拡大を判断する。',
    },

    // ───── 差戻し ─────
    {
      item: '予算・事業の見直し',
      state: 'returned',
      returnedBy: 'secretariat',
      status: 'in_progress',
      achievement: 'partly',
      narrative:
        '市独自事業と、他自治体と比較して高水準なサービスを提供している事業を洗い出し、見直し候補として28事業を抽出した。8月から9月にかけて所管課ヒアリングを実施した。',
      issues: '見直し候補の事業について、関係団体・利用者への説明に時間を要する。',
      nextPlan: '見直し方針案を取りまとめ、11月の行財政改革推進本部会議に諮る。',
      effectExpenseYen: 15_000_000,
      effectKind: 'recurring',
      returnComment:
        '効果額（歳出削減）15,000,000円の算出根拠（対象事業と事業ごとの削減見込額）を取組内容に追記してください。また、見直し候補28事業のうち、令和9年度予算で一時凍結・廃止を予定している事業名を具体的に記載してください。',
    },

    // ───── 作成中 ─────
    {
      item: '市有財産の適正化',
      state: 'draft',
      status: 'in_progress',
      narrative: '個別施設計画の見直しに向けて、老朽化により安全性の確保が必要な施設の一覧を作成している。',
    },
    {
      item: '事業の廃止、見直し手法の検討',
      state: 'draft',
      status: 'in_progress',
      narrative: '事業費の大きい新規事業と一定期間が経過した事業を対象とする評価の仕組みについて、他市の事業評価シートやサンセット方式の事例を調査した。',
    },
    {
      item: '各種手続の簡略化',
      state: 'draft',
      status: 'in_progress',
      achievement: 'partly',
      narrative: 'おくやみコーナーで使用する申請書の記入項目を見直し、氏名・住所等の重複記入を削減した。',
    },
    {
      item: '施設予約システムの導入検討',
      state: 'draft',
      status: 'not_started',
      narrative: '他自治体で導入されている施設予約システムについて、3製品の資料を収集した。',
    },
    {
      item: '業務改善の推進',
      state: 'draft',
      status: 'in_progress',
      narrative: '各課から業務改善の事例を募集する「カイゼン提案」の実施要領案を作成している。',
    },
  ],
};
