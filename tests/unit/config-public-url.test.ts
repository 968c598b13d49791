import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { parsePublicUrl } from '../../src/shared/http/publicUrl.js';

describe('GYOKAKU_PUBLIC_URL', () => {
  it('accepts an absolute http(s) origin and normalises it', () => {
    expect(loadConfig({ GYOKAKU_PUBLIC_URL: 'https://gyokaku.city.example.lg.jp' }).publicUrl).toBe('https://gyokaku.city.example.lg.jp');
    expect(loadConfig({ GYOKAKU_PUBLIC_URL: 'https://Gyokaku.City.Example.lg.jp:8443/' }).publicUrl).toBe('https://gyokaku.city.example.lg.jp:8443');
    expect(loadConfig({ GYOKAKU_PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ GYOKAKU_PUBLIC_URL: '' }).publicUrl).toBeUndefined();
  });

  it('refuses anything else with a message naming the variable', () => {
    for (const bad of ['gyokaku.city.example.lg.jp', 'ftp://example.jp', 'https://example.jp/gyokaku', 'https://example.jp/?a=1', 'https://example.jp/#x', 'https://user:pw@example.jp', '/relative']) {
      expect(parsePublicUrl(bad).ok, bad).toBe(false);
      let err: unknown;
      try {
        loadConfig({ GYOKAKU_PUBLIC_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toMatch(/GYOKAKU_PUBLIC_URL は公開する URL/);
    }
  });
});
