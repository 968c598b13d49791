/**
 * The backup file: gzip'ed JSON lines, the same for PGlite and PostgreSQL.
 *
 *   {"type":"header","product":"gyokaku","format":1,"scope":…,"municipality":…,"schema":…,"created_at":…,"tables":[…]}
 *   {"type":"table","name":"departments","columns":[…]}           once per table, in foreign-key order
 *   {"type":"rows","table":"departments","n":2,"rows":[{…},{…}]}  a batch of rows as the database wrote them
 *   …
 *   {"type":"trailer","counts":{"departments":2,…},"rows":…,"sha256":"…"}
 *
 * The SHA-256 is over every byte before the trailer line (the lines with their "\n"), so a cut or
 * changed file is detected before anything is written. Row batches are never parsed in JavaScript:
 * numbers such as bigint and numeric would lose digits; the database reads them back itself.
 * Pure: no I/O.
 */
import { createHash, type Hash } from 'node:crypto';

export const PRODUCT = 'gyokaku';
export const FORMAT_VERSION = 1;
/** the file's usual name ending, used in docs and messages */
export const FILE_SUFFIX = '.gyokaku.jsonl.gz';

export type BackupScope = 'full' | 'municipality';

export interface BackupHeader {
  type: 'header';
  product: typeof PRODUCT;
  format: number;
  scope: BackupScope;
  /** the municipality of a municipality backup; null for a full one */
  municipality: { id: string; code: string; name: string } | null;
  /** the migrations applied to the store the backup was taken from, in order */
  schema: { count: number; migrations: string[] };
  created_at: string;
  /** tables in the order their rows follow (foreign-key order) */
  tables: string[];
}

export interface TableLine {
  type: 'table';
  name: string;
  columns: string[];
}

export interface Trailer {
  type: 'trailer';
  counts: Record<string, number>;
  rows: number;
  sha256: string;
}

export type BackupProblem =
  | 'not_backup'
  | 'format_newer'
  | 'truncated'
  | 'corrupt'
  | 'schema_newer'
  | 'schema_older'
  | 'schema_different'
  | 'target_not_empty'
  | 'municipality_exists'
  | 'store_in_use'
  | 'not_found'
  | 'write_failed';

/** A refusal or failure the operator can act on; the message says what and where, in Japanese. */
export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export function headerLine(h: Omit<BackupHeader, 'type' | 'product' | 'format'>): string {
  const header: BackupHeader = { type: 'header', product: PRODUCT, format: FORMAT_VERSION, ...h };
  return JSON.stringify(header);
}

export function tableLine(name: string, columns: string[]): string {
  return JSON.stringify({ type: 'table', name, columns } satisfies TableLine);
}

/**
 * A batch of rows: `rowsJson` is the JSON array text the database produced. A raw line break can
 * only be whitespace between JSON tokens (inside strings it is escaped), so it is turned into a
 * space to keep one batch on one line.
 */
export function rowsLine(table: string, n: number, rowsJson: string): string {
  const body = rowsJson.includes('\n') || rowsJson.includes('\r') ? rowsJson.replace(/[\r\n]/g, ' ') : rowsJson;
  return `{"type":"rows","table":${JSON.stringify(table)},"n":${n},"rows":${body}}`;
}

export function trailerLine(counts: Record<string, number>, sha256: string): string {
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return JSON.stringify({ type: 'trailer', counts, rows, sha256 } satisfies Trailer);
}

const ROWS_PREFIX = /^\{"type":"rows","table":("(?:[^"\\]|\\.)*"),"n":(\d+),"rows":/;

export type ParsedLine =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: TableLine }
  | { kind: 'rows'; table: string; n: number; rowsJson: string }
  | { kind: 'trailer'; trailer: Trailer };

/** Reads one line (without its "\n"); null when it is not a line of this format. */
export function parseLine(line: string): ParsedLine | null {
  const m = ROWS_PREFIX.exec(line);
  if (m) {
    if (!line.endsWith('}')) return null;
    return { kind: 'rows', table: JSON.parse(m[1]!) as string, n: Number(m[2]), rowsJson: line.slice(m[0].length, -1) };
  }
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (o.type === 'header') return { kind: 'header', header: o as unknown as BackupHeader };
  if (o.type === 'table' && typeof o.name === 'string' && Array.isArray(o.columns)) return { kind: 'table', table: o as unknown as TableLine };
  if (o.type === 'trailer' && o.counts && typeof o.counts === 'object' && typeof o.sha256 === 'string') {
    return { kind: 'trailer', trailer: o as unknown as Trailer };
  }
  return null;
}

/** Checks the first line: is this a gyokaku backup this build can read? */
export function checkHeader(first: string | undefined, file: string): BackupHeader {
  const notOurs = () =>
    new BackupError('not_backup', `ファイル ${file} はgyokakuのバックアップではありません。gyokaku backup で作成したファイルを指定してください。`);
  if (first === undefined) throw notOurs();
  const parsed = parseLine(first);
  if (!parsed || parsed.kind !== 'header' || parsed.header.product !== PRODUCT) throw notOurs();
  const h = parsed.header;
  if (typeof h.format !== 'number' || h.format > FORMAT_VERSION) {
    throw new BackupError(
      'format_newer',
      `ファイル ${file} は新しい形式（形式 ${String(h.format)}）のバックアップで、このバージョンのgyokaku（形式 ${FORMAT_VERSION} まで）では読めません。` +
        `バックアップを作成したバージョン以降のgyokakuで復元してください。`,
    );
  }
  const scopeOk = h.scope === 'full' || (h.scope === 'municipality' && !!h.municipality?.id && !!h.municipality.code);
  if (!scopeOk || !Array.isArray(h.tables) || !Array.isArray(h.schema?.migrations)) {
    throw new BackupError('corrupt', `バックアップ ${file} の先頭行（ヘッダー）が壊れています。別のバックアップを使ってください。`);
  }
  return h;
}

export interface VerifiedTable {
  name: string;
  columns: string[];
  count: number;
}

export interface VerifiedBackup {
  header: BackupHeader;
  tables: VerifiedTable[];
  trailer: Trailer;
}

/**
 * Follows a backup line by line: header first, each table once and in the header's order, rows only
 * inside their table, then a trailer whose counts and SHA-256 match what came before it, and nothing
 * after it. Feed the lines (without "\n") in order, then call finish().
 */
export class BackupVerifier {
  private readonly hash: Hash = createHash('sha256');
  private header: BackupHeader | undefined;
  private readonly tables: VerifiedTable[] = [];
  private current: VerifiedTable | undefined;
  private trailer: Trailer | undefined;
  private lineNo = 0;

  constructor(private readonly file: string) {}

  private corrupt(detail: string): BackupError {
    return new BackupError('corrupt', `バックアップ ${this.file} は壊れています（${this.lineNo} 行目: ${detail}）。別のバックアップを使ってください。`);
  }

  /** returns what the line was, so a restore can act on it while the check goes on */
  feed(line: string): ParsedLine {
    this.lineNo++;
    if (this.trailer) throw this.corrupt('終わりの行のあとにデータがあります');
    if (!this.header) {
      this.header = checkHeader(line, this.file);
      this.hash.update(line + '\n');
      return { kind: 'header', header: this.header };
    }
    const parsed = parseLine(line);
    if (!parsed) throw this.corrupt('読めない行です');
    switch (parsed.kind) {
      case 'header':
        throw this.corrupt('ヘッダーが2回あります');
      case 'table': {
        const expected = this.header.tables[this.tables.length];
        if (parsed.table.name !== expected) throw this.corrupt(`表 ${parsed.table.name} の位置が正しくありません`);
        this.current = { name: parsed.table.name, columns: parsed.table.columns, count: 0 };
        this.tables.push(this.current);
        break;
      }
      case 'rows':
        if (!this.current || this.current.name !== parsed.table) throw this.corrupt(`表 ${parsed.table} の行が表の見出しの外にあります`);
        this.current.count += parsed.n;
        break;
      case 'trailer': {
        const sha = this.hash.digest('hex');
        this.trailer = parsed.trailer;
        if (sha !== parsed.trailer.sha256) {
          throw new BackupError('corrupt', `バックアップ ${this.file} は壊れています（チェックサムが一致しません。内容が書き換わっています）。別のバックアップを使ってください。`);
        }
        if (this.tables.length !== this.header.tables.length) throw this.corrupt('ヘッダーにある表の一部がありません');
        for (const t of this.tables) {
          if (parsed.trailer.counts[t.name] !== t.count) throw this.corrupt(`表 ${t.name} の行数が終わりの行の記録と一致しません`);
        }
        if (Object.keys(parsed.trailer.counts).length !== this.tables.length) throw this.corrupt('終わりの行に余分な表があります');
        return parsed;
      }
    }
    this.hash.update(line + '\n');
    return parsed;
  }

  finish(): VerifiedBackup {
    if (!this.header) {
      throw new BackupError('not_backup', `ファイル ${this.file} は空です。gyokaku backup で作成したファイルを指定してください。`);
    }
    if (!this.trailer) {
      throw new BackupError(
        'truncated',
        `バックアップ ${this.file} は途中で切れています（終わりの行がありません）。作成が完了しなかったか、コピーが途中で止まったファイルです。別のバックアップを使ってください。`,
      );
    }
    return { header: this.header, tables: this.tables, trailer: this.trailer };
  }
}

export function truncatedError(file: string): BackupError {
  return new BackupError(
    'truncated',
    `バックアップ ${file} は途中で切れています（圧縮データが最後までありません）。作成が完了しなかったか、コピーが途中で止まったファイルです。別のバックアップを使ってください。`,
  );
}

export function corruptError(file: string): BackupError {
  return new BackupError('corrupt', `バックアップ ${file} は壊れています（圧縮データを展開できません）。別のバックアップを使ってください。`);
}
