/**
 * Whether a backup fits a store: the file records the migrations applied where it was taken, and rows
 * can only go back into a store at exactly that schema. Pure.
 */
import { BackupError } from './format.js';

export type SchemaFit = 'same' | 'newer' | 'older' | 'different';

const isPrefix = (short: string[], long: string[]) => short.length <= long.length && short.every((t, i) => long[i] === t);

/** The file's migrations against the target store's applied migrations. */
export function compareBackupSchema(file: string[], store: string[]): SchemaFit {
  if (file.length === store.length && isPrefix(file, store)) return 'same';
  if (isPrefix(store, file)) return 'newer';
  if (isPrefix(file, store)) return 'older';
  return 'different';
}

/** Throws the refusal for a backup that does not fit; `build` is the migrations this gyokaku ships. */
export function assertSchemaFits(fileName: string, file: string[], store: string[], build: string[]): void {
  const fit = compareBackupSchema(file, store);
  if (fit === 'same') return;
  const fileLatest = file[file.length - 1] ?? '(なし)';
  const storeLatest = store[store.length - 1] ?? '(なし)';
  if (fit === 'newer') {
    const beyondBuild = !isPrefix(file, build);
    throw new BackupError(
      'schema_newer',
      `バックアップ ${fileName} は、より新しいスキーマ（マイグレーション ${fileLatest} まで、${file.length} 件）のgyokakuで作成されています。` +
        `復元先はマイグレーション ${storeLatest} まで（${store.length} 件）です。` +
        (beyondBuild
          ? `このバージョンのgyokakuでは復元できません。バックアップを作成したバージョン以降のgyokakuで復元してください。`
          : `先に gyokaku migrate apply で復元先を最新にしてから復元してください。`),
    );
  }
  if (fit === 'older') {
    throw new BackupError(
      'schema_older',
      `バックアップ ${fileName} は以前のバージョンのgyokaku（マイグレーション ${fileLatest} まで、${file.length} 件）で作成されています。` +
        `復元先のスキーマ（${storeLatest} まで、${store.length} 件）とは表の形が異なるため、そのまま復元できません。` +
        `マイグレーション ${fileLatest} までのバージョンのgyokakuで空のデータベースに復元し、そのあとこのバージョンで gyokaku migrate apply を実行してください。`,
    );
  }
  throw new BackupError(
    'schema_different',
    `バックアップ ${fileName} のスキーマ（マイグレーション ${fileLatest} まで）は、復元先（${storeLatest} まで）と別系統のため復元できません。` +
      `バックアップを作成したものと同じバージョンのgyokakuで復元してください。`,
  );
}
