/** Password rules: length, repetition, runs, login id and 団体コード, the shipped list of common passwords. */
import { describe, expect, it } from 'vitest';
import { commonForms, isCommonPassword, isRun, passwordProblems } from '../../src/modules/identity/domain/password.js';

const ctx = { loginId: 'yamada.taro', municipalityCode: '432041' };

describe('passwordProblems', () => {
  it.each([
    ['aaaaaaaaaaaa', '同じ文字ばかり'],
    ['password1234', 'よく使われていて'],
    ['123456789012', '連続した並び'],
    ['abababababab', '同じ文字ばかり'],
    ['abcdeabcdeabcde', '繰り返した'],
    ['qwertyuiopasdf', '連続した並び'],
    ['098765432109', '連続した並び'],
    ['P@ssw0rd!2024', 'よく使われていて'],
    ['Sakura-2024-!!', 'よく使われていて'],
    ['SHIYAKUSHO2025', 'よく使われていて'],
    ['gyousei_123456', 'よく使われていて'],
    ['1qaz2wsx3edc', '連続した並び'],
    ['1qaz2wsx!!!!', 'よく使われていて'],
    ['nagoyanagoyanagoya', '繰り返した'],
    ['drowssap12345', 'よく使われていて'],
    ['yamada.taro-2026', 'ログインIDを含む'],
    ['kanri432041-pass', '団体コードを含む'],
    ['199001012024', '数字や記号だけ'],
    ['短いパス', '12文字以上'],
  ])('refuses %s (%s)', (pw, why) => {
    const problems = passwordProblems(pw, ctx);
    expect(problems.join(' ')).toContain(why);
  });

  it.each(['correct-horse-battery', 'gyokaku-demo-2026', 'kanri-no-pasuwado-2026', 'Kp7mx-3TqR9-wRzHa-4nbEe', '春の小川はさらさら行くよ', 'initial-password-01'])(
    'accepts %s',
    (pw) => {
      expect(passwordProblems(pw, ctx)).toEqual([]);
    },
  );

  it('still accepts the old call with a login id only', () => {
    expect(passwordProblems('yamada.taro', 'yamada.taro')).toContain('ログインIDと同じパスワードは使えません。');
  });

  it('compares case, width, end digits/symbols and look-alikes away', () => {
    expect(commonForms('ＰＡＳＳＷＯＲＤ１２３')).toContain('password');
    expect(commonForms('p@$$w0rd')).toContain('password');
    expect(isCommonPassword('Dragon!!!!99')).toBe(true);
    expect(isCommonPassword('dragonfly-orchard')).toBe(false);
  });

  it('recognises runs, also wrapping round a row, and nothing else', () => {
    expect(isRun('7890123456')).toBe(true);
    expect(isRun('zyxwvutsrqpo')).toBe(true);
    expect(isRun('1357913579')).toBe(false);
  });
});
