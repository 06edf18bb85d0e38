import type { ReactNode } from "react";

export type StrokeIconProps = { children: ReactNode; className?: string; grid?: 16 | 20; strokeWidth?: number };

/** An inline line icon drawn on a square grid; decorative, so hidden from assistive technology. */
export function StrokeIcon({ children, className, grid = 16, strokeWidth = 1.4 }: StrokeIconProps) {
  return (
    <svg
      aria-hidden="true"
      viewBox={`0 0 ${grid} ${grid}`}
      fill="none"
      stroke="currentColor"
      strokeWidth={strokeWidth}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className ?? (grid === 20 ? "size-5" : "size-4")}
    >
      {children}
    </svg>
  );
}
