/**
 * `gyokaku admin create --municipality 432041 --user admin --name "…" [--email …] [--password-stdin]`:
 * the first システム管理者 of a municipality. Without --password-stdin a password is generated and
 * printed once. No demo account is ever created here.
 */
import type { Store } from '../db/client.js';
import type { Actor } from '../modules/access/domain/policy.js';
import { createUser } from '../modules/identity/commands/users.js';
import { generatePassword } from '../modules/identity/crypto/codes.js';
import { hashPassword } from '../modules/identity/crypto/passwordHash.js';
import { normalizeLoginId, passwordProblems } from '../modules/identity/domain/password.js';
import { findMunicipalityByCode } from '../modules/municipalities/queries/municipalities.js';
import { CliError, parseOptions, type CliCommand } from './common.js';
import { asCliError, operatorActor, withConfiguredStore } from './operator.js';

const USAGE = `使い方: gyokaku admin create --municipality <団体コード> --user <ログインID> --name <氏名> [--email <メールアドレス>] [--password-stdin]
  --password-stdin  パスワードを標準入力の1行目から読む（指定しないときは生成して一度だけ表示）
  例: gyokaku admin create --municipality 432041 --user admin --name "情報政策課 管理者"`;

export interface AdminCreateOptions {
  municipalityCode: string;
  loginId: string;
  name: string;
  email?: string;
  /** absent: a password is generated */
  password?: string;
}

export interface AdminCreated {
  userId: string;
  loginId: string;
  municipality: { code: string; name: string };
  /** set only when it was generated: to be shown once */
  generatedPassword?: string;
}

/** Creates the system administrator with its audit row in one transaction. Refusals throw CliError. */
export async function createAdministrator(store: Store, input: AdminCreateOptions, actor: Actor = operatorActor()): Promise<AdminCreated> {
  const m = await findMunicipalityByCode(store.db, input.municipalityCode.trim());
  if (!m)
    throw new CliError(
      `団体コード ${input.municipalityCode} の団体は登録されていません。先に gyokaku municipality create --code ${input.municipalityCode} --name <団体名> で登録してください。`,
    );
  const generated = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? generated!;
  const problems = passwordProblems(password, { loginId: normalizeLoginId(input.loginId), municipalityCode: m.code });
  if (problems.length) throw new CliError(`パスワードを使えません: ${problems.join(' ')}`);
  // argon2 runs before the transaction, so no connection waits on it
  const passwordHash = await hashPassword(password);
  try {
    const row = await store.db.transaction((tx) =>
      createUser(
        { db: tx, municipalityId: m.id, actor, ip: '' },
        { loginId: input.loginId, name: input.name, email: input.email ?? '', role: 'system_admin', password },
        { passwordHash },
      ),
    );
    return { userId: row.id, loginId: row.loginId, municipality: { code: m.code, name: m.name }, ...(generated ? { generatedPassword: generated } : {}) };
  } catch (e) {
    throw asCliError(e);
  }
}

/** The first line of a stream (e.g. `echo "…" | gyokaku admin create … --password-stdin`). */
export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export const command: CliCommand = {
  summary: '最初のシステム管理者アカウントを作成する（create）',
  async run(argv) {
    const { positionals, values } = parseOptions(
      argv,
      {
        municipality: { type: 'string' },
        user: { type: 'string' },
        name: { type: 'string' },
        email: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals[0] !== 'create' || positionals.length > 1) throw new CliError(USAGE, 2);
    if (!values.municipality || !values.user || !values.name) throw new CliError(`--municipality、--user、--name を指定してください。\n${USAGE}`, 2);
    let password: string | undefined;
    if (values['password-stdin']) {
      if (process.stdin.isTTY) console.error('パスワードを入力して Enter を押してください（画面に表示されます）:');
      password = await readFirstLine(process.stdin);
      if (!password) throw new CliError('標準入力からパスワードを読めませんでした（空です）。');
    }
    const input: AdminCreateOptions = { municipalityCode: values.municipality, loginId: values.user, name: values.name, ...(values.email ? { email: values.email } : {}), ...(password !== undefined ? { password } : {}) };
    const created = await withConfiguredStore((store) => createAdministrator(store, input));
    console.log(`システム管理者のアカウントを作成しました: ${created.municipality.name}（団体コード ${created.municipality.code}）ログインID ${created.loginId}`);
    if (created.generatedPassword) {
      console.log(`初期パスワード: ${created.generatedPassword}`);
      console.log('このパスワードはここで一度だけ表示されます。控えてからログインし、すぐに「パスワードの変更」で自分だけが知るパスワードに変更してください。');
    }
    return 0;
  },
};
