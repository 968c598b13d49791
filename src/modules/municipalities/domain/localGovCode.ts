/**
 * 全国地方公共団体コード (JIS X 0402 + 検査数字), e.g. 131016 = 千代田区.
 *
 * Six half-width digits: 2-digit prefecture code, 3-digit municipality code and
 * a check digit computed from the first five:
 *   sum = d1×6 + d2×5 + d3×4 + d4×3 + d5×2,  r = sum mod 11,  check = (11 − r) mod 10
 * (so r = 0 → 1 and r = 1 → 0).
 *
 * Pure and I/O-free.
 */

const WEIGHTS = [6, 5, 4, 3, 2] as const;

/** 47 prefectures in JIS X 0401 order; index + 1 = prefecture code. */
export const PREFECTURES: readonly string[] = Object.freeze([
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県',
  '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県',
  '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県',
  '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県',
  '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県',
  '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県',
  '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
]);

export type LocalGovCodeValidation = { ok: true } | { ok: false; message: string };

/**
 * Check digit for the first five digits of a 団体コード: '13101' → 6.
 * Throws a RangeError unless given exactly five half-width digits.
 */
export function checkDigit(first5: string): number {
  if (!/^\d{5}$/.test(first5)) {
    throw new RangeError(`検査数字の計算には5桁の半角数字が必要です: 「${first5}」`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += Number(first5.charAt(i)) * WEIGHTS[i]!;
  }
  return (11 - (sum % 11)) % 10;
}

/** Appends the check digit to a 5-digit code: '13101' → '131016'. */
export function withCheckDigit(first5: string): string {
  return `${first5}${checkDigit(first5)}`;
}

function prefectureIndex(twoDigits: string): number | null {
  if (!/^\d{2}$/.test(twoDigits)) return null;
  const n = Number(twoDigits);
  return n >= 1 && n <= PREFECTURES.length ? n : null;
}

/**
 * Validates a 団体コード and explains the problem in Japanese.
 * The code must be exactly six half-width digits (no trimming, no full-width),
 * start with an existing prefecture code (01–47) and end with the right check digit.
 */
export function validateLocalGovCode(code: string): LocalGovCodeValidation {
  if (typeof code !== 'string' || code === '') {
    return { ok: false, message: '団体コードが入力されていません（6桁の数字で入力してください）' };
  }
  if (/[０-９]/.test(code)) {
    return { ok: false, message: '団体コードに全角数字が含まれています（半角数字で入力してください）' };
  }
  if (!/^\d+$/.test(code)) {
    return { ok: false, message: '団体コードに数字以外の文字が含まれています（6桁の半角数字で入力してください）' };
  }
  if (code.length !== 6) {
    return {
      ok: false,
      message: `団体コードの桁数が違います（6桁で入力してください。入力は${code.length}桁です）`,
    };
  }
  const pref = code.slice(0, 2);
  if (prefectureIndex(pref) === null) {
    return { ok: false, message: `都道府県コード「${pref}」は存在しません（01〜47）` };
  }
  const expected = checkDigit(code.slice(0, 5));
  if (Number(code.charAt(5)) !== expected) {
    return {
      ok: false,
      message: `検査数字（6桁目）が一致しません（正しくは「${code.slice(0, 5)}${expected}」）`,
    };
  }
  return { ok: true };
}

/** True for a well-formed 団体コード with a correct check digit. */
export function isValidLocalGovCode(code: string): boolean {
  return validateLocalGovCode(code).ok;
}

/**
 * Prefecture code ('01'–'47') of a 団体コード: '432041' → '43'.
 * Accepts the 6-digit code, the 5-digit code without check digit, or a
 * 2-digit prefecture code. Returns null if no existing prefecture is found.
 * The check digit is not verified here (use {@link validateLocalGovCode}).
 */
export function prefectureCodeOf(code: string): string | null {
  if (typeof code !== 'string' || !/^(?:\d{2}|\d{5}|\d{6})$/.test(code)) return null;
  const pref = code.slice(0, 2);
  return prefectureIndex(pref) === null ? null : pref;
}

/** Prefecture name of a 団体コード: '432041' → '熊本県', '131016' → '東京都'; null if unknown. */
export function prefectureName(code: string): string | null {
  const pref = prefectureCodeOf(code);
  return pref === null ? null : (PREFECTURES[Number(pref) - 1] ?? null);
}
