"use client";

import Link from "next/link";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { PublicModel } from "@/lib/ai/catalog";

export type ModelPickerProps = {
  models: PublicModel[];
  value: string;
  onChange: (modelId: string) => void;
  /** Models a guest would get by signing up; > 0 adds a sign-up link under the list. */
  lockedModelCount: number;
  signUpHref: string;
};

function capabilityHints(model: PublicModel): string[] {
  const hints: string[] = [];
  if (model.capabilities.reasoning) hints.push("Reasoning");
  if (model.capabilities.vision) hints.push("Vision");
  return hints;
}

/**
 * A select-only combobox (WAI-ARIA APG pattern): focus stays on the button, arrow keys move the active option,
 * Enter or Space picks it, Escape closes. The list opens upwards from the composer and shows each model's
 * description and capabilities, which a native <select> cannot.
 */
export function ModelPicker({ models, value, onChange, lockedModelCount, signUpHref }: ModelPickerProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const selectedIndex = Math.max(0, models.findIndex((model) => model.id === value));
  const selected = models[selectedIndex];

  useEffect(() => {
    if (!isOpen) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [isOpen]);

  useEffect(() => {
    if (isOpen) document.getElementById(`${listId}-option-${activeIndex}`)?.scrollIntoView({ block: "nearest" });
  }, [isOpen, activeIndex, listId]);

  const open = () => {
    setActiveIndex(selectedIndex);
    setIsOpen(true);
  };

  const choose = (index: number) => {
    const model = models[index];
    if (model) onChange(model.id);
    setIsOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!isOpen) {
      if (["ArrowDown", "ArrowUp", "Enter", " "].includes(event.key)) {
        event.preventDefault();
        open();
      }
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: Math.min(models.length - 1, activeIndex + 1),
      ArrowUp: Math.max(0, activeIndex - 1),
      Home: 0,
      End: models.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      setActiveIndex(moves[event.key] ?? 0);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(activeIndex);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setIsOpen(false);
    } else if (event.key === "Tab") {
      setIsOpen(false);
    }
  };

  return (
    <div ref={rootRef} className="relative min-w-0">
      <button
        type="button"
        role="combobox"
        aria-label="Model"
        aria-haspopup="listbox"
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-activedescendant={isOpen ? optionId(activeIndex) : undefined}
        onClick={() => (isOpen ? setIsOpen(false) : open())}
        onKeyDown={onKeyDown}
        className="flex h-10 max-w-full items-center gap-1 rounded-full px-3 text-sm text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <span className="truncate">{selected?.label ?? value}</span>
        <svg aria-hidden="true" viewBox="0 0 16 16" className={`size-4 shrink-0 transition-transform ${isOpen ? "rotate-180" : ""}`}>
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      {isOpen ? (
        <div className="absolute bottom-full left-0 z-20 mb-2 w-[min(20rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <ul id={listId} role="listbox" aria-label="Model" className="max-h-[min(22rem,50dvh)] overflow-y-auto">
            {models.map((model, index) => (
              <li
                key={model.id}
                id={optionId(index)}
                role="option"
                aria-selected={model.id === value}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(index)}
                onMouseEnter={() => setActiveIndex(index)}
                className={`flex cursor-pointer items-start gap-2 rounded-xl px-3 py-2 ${index === activeIndex ? "bg-zinc-100 dark:bg-zinc-800" : ""}`}
              >
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="text-sm font-medium">{model.label}</span>
                    {capabilityHints(model).map((hint) => (
                      <span key={hint} className="rounded-full bg-zinc-100 px-1.5 py-px text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                        {hint}
                      </span>
                    ))}
                  </div>
                  <p className="mt-0.5 text-xs text-zinc-500">{model.description}</p>
                </div>
                <svg aria-hidden="true" viewBox="0 0 16 16" className={`mt-0.5 size-4 shrink-0 ${model.id === value ? "" : "invisible"}`}>
                  <path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </li>
            ))}
          </ul>
          {lockedModelCount > 0 ? (
            <p className="border-t border-zinc-200 px-3 pt-2 pb-1.5 text-xs text-zinc-500 dark:border-zinc-700">
              <Link href={signUpHref} className="font-medium text-zinc-900 underline underline-offset-2 dark:text-zinc-100">
                Sign up
              </Link>{" "}
              to use {lockedModelCount} more {lockedModelCount === 1 ? "model" : "models"}.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
