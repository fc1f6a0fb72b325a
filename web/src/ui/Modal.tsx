import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";

/**
 * An accessible modal on the native <dialog>: showModal() makes the rest of the page inert, moves
 * focus inside, closes on Escape, and returns focus to whatever opened it.
 */
export function Modal({
  open,
  onClose,
  title,
  children,
  className,
  describedBy,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  className?: string;
  describedBy?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      return () => {
        if (dialog.open) dialog.close();
        opener?.focus?.();
      };
    }
    return undefined;
  }, [open]);

  return (
    // The backdrop click is a mouse shortcut only; keyboards close the dialog with Escape (onCancel)
    // or its close button, so the dialog element needs no key handler of its own.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- see above
    <dialog
      ref={ref}
      className={`modal glass${className ? ` ${className}` : ""}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="modal__body">
          <button type="button" className="modal__close" aria-label={t("stars.close")} onClick={onClose}>
            ×
          </button>
          <h2 id={titleId} className="modal__title">
            {title}
          </h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
