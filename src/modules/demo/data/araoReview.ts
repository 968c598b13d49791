/**
 * 荒尾市行政改革推進審議会 (seed 000, 推進体制 ④): the draft says the council hears the progress report,
 * gives opinions and advice that are reflected in the plan, and that what was reported and its results are
 * published on the city's website. The seed prints no opinions: the meeting below and its opinions are an
 * illustration (listed in docs/demo-data.md), about items of the 第五次 実施計画 after its 令和4年度末見込み,
 * answered by the items' departments, closed and published, so the whole cycle can be walked in the demo.
 */

export interface DemoOpinion {
  /** title of the 具体的な取組 it concerns */
  itemTitle: string;
  /** key of the department that answers */
  department: string;
  body: string;
  response: string;
}

export interface DemoMeeting {
  municipalityName: string;
  planKey: string;
  body: string;
  title: string;
  heldOn: string;
  members: { name: string; role: string }[];
  opinions: DemoOpinion[];
  published: boolean;
}

export const araoMeetings: DemoMeeting[] = [
  {
    municipalityName: '荒尾市',
    planKey: 'arao5-jisshi',
    body: '審議会',
    title: '令和5年度第1回荒尾市行政改革推進審議会',
    heldOn: '2023-07-20',
    members: [
      { name: '（例）会長', role: '会長' },
      { name: '（例）委員', role: '委員' },
    ],
    opinions: [
      {
        itemTitle: '公共施設使用料等の見直し',
        department: 'zaisei',
        body: '使用料の見直しにあたっては、施設ごとの維持管理コストと利用実績を示し、市民に分かる形で説明してほしい。（説明用の例）',
        response: '施設ごとのコストと利用実績を一覧にし、見直し案とあわせて市ホームページで公表します。（説明用の例）',
      },
      {
        itemTitle: '総合窓口の導入など窓口業務のあり方の検討',
        department: 'shimin',
        body: '窓口の待ち時間や手続にかかる時間を定期的に測り、改善の効果を数値で示してほしい。（説明用の例）',
        response: '窓口体験調査で手続の所要時間を毎年度測定し、結果を進捗状況とあわせて公表します。（説明用の例）',
      },
    ],
    published: true,
  },
];
