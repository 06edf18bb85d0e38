"use client";

import { lazy, type ReactNode, Suspense, useId, useRef, useState } from "react";
import type { MenuItem } from "./menu-item";

export type MenuProps = {
  /** The trigger's accessible name, e.g. "Options for My chat". */
  label: string;
  items: MenuItem[];
  /** The trigger's content (an icon). */
  children: ReactNode;
  triggerClassName?: string;
};

// A list shows a trigger per row; the popup's code loads when a menu first opens.
const MenuPopup = lazy(() => import("./menu-popup").then((m) => ({ default: m.MenuPopup })));

/** A menu button (WAI-ARIA menu pattern): click, Enter, Space or the arrows open it; focus comes back here. */
export function Menu({ label, items, children, triggerClassName }: MenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  const close = (restoreFocus: boolean) => {
    setIsOpen(false);
    if (restoreFocus) triggerRef.current?.focus();
  };

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => (isOpen ? close(false) : setIsOpen(true))}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            setIsOpen(true);
          }
        }}
        className={triggerClassName}
      >
        {children}
      </button>
      {isOpen ? (
        <Suspense fallback={null}>
          <MenuPopup id={menuId} label={label} items={items} triggerRef={triggerRef} onClose={close} />
        </Suspense>
      ) : null}
    </>
  );
}
