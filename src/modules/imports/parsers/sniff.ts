/**
 * What an uploaded file is, from its first bytes (not its name): an Excel workbook
 * (.xlsx is a zip), an OLE compound file (D0 CF 11 E0: a password-protected .xlsx,
 * which Excel encrypts into that container, or an old .xls), a PDF, an image, or text.
 */
export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'zip' }
  | { kind: 'encrypted' }
  | { kind: 'xls' }
  | { kind: 'ole' }
  | { kind: 'pdf' }
  | { kind: 'image' }
  | { kind: 'binary' }
  | { kind: 'text' };

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);

/** UTF-16LE name of a stream in the compound file's directory. */
function hasStreamName(b: Uint8Array, name: string): boolean {
  const needle = Buffer.from(name, 'utf16le');
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(needle) >= 0;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (!bytes.length) return { kind: 'empty' };
  if (startsWith(bytes, CFB)) {
    if (hasStreamName(bytes, 'EncryptedPackage') || hasStreamName(bytes, 'EncryptionInfo')) return { kind: 'encrypted' };
    if (hasStreamName(bytes, 'Workbook') || hasStreamName(bytes, 'Book')) return { kind: 'xls' };
    return { kind: 'ole' };
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { kind: 'pdf' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { kind: 'image' };
  const head = bytes.subarray(0, 8192);
  // UTF-16 text has NULs too; it is recognised by its BOM
  if (!(startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) && head.includes(0)) return { kind: 'binary' };
  return { kind: 'text' };
}
