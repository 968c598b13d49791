/** A one-shot message carried across a navigation ("追加しました" after creating an item). */
let pending: { key: string; message: string } | null = null;

export function setFlash(key: string, message: string): void {
  pending = { key, message };
}

export function takeFlash(key: string): string | null {
  if (pending && pending.key === key) {
    const m = pending.message;
    pending = null;
    return m;
  }
  return null;
}
