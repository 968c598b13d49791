/** @jsxImportSource react */
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * Native modal <dialog>: focus is trapped, Esc closes, focus returns to the
 * opener. Rendered only while open.
 */
export function Dialog({
  title,
  onClose,
  children,
  describedBy,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-12 border border-solid-gray-420 bg-white p-0 shadow-4"
    >
      <div className="flex items-center justify-between border-b border-solid-gray-200 px-5 py-3">
        <h2 id={titleId} className="text-std-20B-150">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded-6 px-2 py-1 text-dns-14N-130 text-solid-gray-800 underline hover:bg-solid-gray-50"
        >
          閉じる
        </button>
      </div>
      <div className="px-5 py-4">{children}</div>
    </dialog>
  );
}
