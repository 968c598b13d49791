/** Reading a backup file line by line (gunzip), with zlib's failures turned into the operator's words. */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { BackupError, corruptError, truncatedError } from '../domain/format.js';

const NL = 0x0a;

/**
 * The lines of a gzip'ed file, without their "\n". A last line without "\n" is yielded too
 * (the verifier then finds no trailer). Lines are split on the byte 0x0A, which never occurs
 * inside a multi-byte UTF-8 character.
 */
export async function* readLines(file: string): AsyncGenerator<string> {
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BackupError('not_found', code === 'ENOENT' ? `ファイル ${file} がありません。` : `ファイル ${file} を開けません（${code ?? (e as Error).message}）。`);
  }
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await fd.read(magic, 0, 2, 0);
    if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
      throw new BackupError('not_backup', `ファイル ${file} はgyokakuのバックアップではありません（gzip形式ではありません）。gyokaku backup で作成したファイルを指定してください。`);
    }
    const gunzip = fd.createReadStream({ start: 0, autoClose: false }).pipe(zlib.createGunzip());
    let pending: Buffer[] = [];
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        let start = 0;
        for (let i = chunk.indexOf(NL); i >= 0; i = chunk.indexOf(NL, start)) {
          pending.push(chunk.subarray(start, i));
          yield Buffer.concat(pending).toString('utf8');
          pending = [];
          start = i + 1;
        }
        if (start < chunk.length) pending.push(chunk.subarray(start));
      }
    } catch (e) {
      if (e instanceof BackupError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR' || /unexpected end/i.test((e as Error).message)) throw truncatedError(file);
      if (typeof code === 'string' && code.startsWith('Z_')) throw corruptError(file);
      throw e;
    } finally {
      gunzip.destroy();
    }
    if (pending.length) yield Buffer.concat(pending).toString('utf8');
  } finally {
    await fd.close();
  }
}
