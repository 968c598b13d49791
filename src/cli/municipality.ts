/**
 * `gyokaku municipality create --code 432041 --name 荒尾市 [--prefecture 熊本県]`: registers a
 * municipality (tenant) in an empty production store. No demo data is created.
 */
import type { Db, Store } from '../db/client.js';
import type { Actor } from '../modules/access/domain/policy.js';
import { createMunicipality } from '../modules/municipalities/commands/createMunicipality.js';
import { CliError, parseOptions, type CliCommand } from './common.js';
import { asCliError, operatorActor, withConfiguredStore } from './operator.js';

const USAGE = `使い方: gyokaku municipality create --code <団体コード6桁> --name <団体名> [--prefecture <都道府県名>]
  例: gyokaku municipality create --code 432041 --name 荒尾市 --prefecture 熊本県`;

export interface MunicipalityCreateOptions {
  code: string;
  name: string;
  prefecture?: string;
}

/** Registers the municipality and its audit row in one transaction. Refusals throw CliError. */
export async function createMunicipalityByCommand(store: Store, input: MunicipalityCreateOptions, actor: Actor = operatorActor()) {
  try {
    return await store.db.transaction((tx) =>
      createMunicipality(tx as unknown as Db, actor, { code: input.code.trim(), name: input.name, prefecture: input.prefecture?.trim() ?? '' }),
    );
  } catch (e) {
    throw asCliError(e);
  }
}

export const command: CliCommand = {
  summary: '団体（自治体）を登録する（create）',
  async run(argv) {
    const { positionals, values } = parseOptions(
      argv,
      { code: { type: 'string' }, name: { type: 'string' }, prefecture: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      USAGE,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals[0] !== 'create' || positionals.length > 1) throw new CliError(USAGE, 2);
    if (!values.code || !values.name) throw new CliError(`--code と --name を指定してください。\n${USAGE}`, 2);
    const input = { code: values.code, name: values.name, ...(values.prefecture ? { prefecture: values.prefecture } : {}) };
    const row = await withConfiguredStore((store) => createMunicipalityByCommand(store, input));
    console.log(`団体を登録しました: ${row.name}（${row.prefecture}、団体コード ${row.code}）`);
    console.log(`次に最初の管理者を作成してください: gyokaku admin create --municipality ${row.code} --user admin --name "情報政策課 管理者"`);
    return 0;
  },
};
