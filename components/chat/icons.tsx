import type { ReactNode } from "react";
import { StrokeIcon } from "@/components/ui/stroke-icon";

/** Inline 16-unit stroke icons for the chat column. */
function Icon({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <StrokeIcon grid={16} strokeWidth={1.4} className={className}>
      {children}
    </StrokeIcon>
  );
}

type IconProps = { className?: string };

export function SidebarIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <rect x="2" y="2.5" width="12" height="11" rx="2" />
      <path d="M6 2.5v11" />
    </Icon>
  );
}

export function NewChatIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M13.5 8.5V12a1.5 1.5 0 0 1-1.5 1.5H4A1.5 1.5 0 0 1 2.5 12V4A1.5 1.5 0 0 1 4 2.5h3.5" />
      <path d="M11.8 2.2a1.3 1.3 0 0 1 1.9 1.9L8.5 9.3l-2.5.6.6-2.5z" />
    </Icon>
  );
}

export function PencilIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M10.8 2.7a1.6 1.6 0 0 1 2.3 2.3L5.5 12.6l-3 .8.8-3z" />
    </Icon>
  );
}

export function RegenerateIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M13.2 8A5.2 5.2 0 1 1 11.5 4" />
      <path d="M11.8 1.8v2.6H9.2" />
    </Icon>
  );
}

export function ThumbIcon({ isDown = false, isFilled = false, className }: IconProps & { isDown?: boolean; isFilled?: boolean }) {
  return (
    <Icon className={`${className ?? "size-4"} ${isDown ? "rotate-180" : ""}`}>
      <path
        d="M5 7l2.6-4.6a1.2 1.2 0 0 1 2.2.8L9.3 6.5h3.2a1.3 1.3 0 0 1 1.3 1.5l-.8 4.6a1.3 1.3 0 0 1-1.3 1.1H5z"
        fill={isFilled ? "currentColor" : "none"}
      />
      <path d="M5 7H2.8a.8.8 0 0 0-.8.8v5.1a.8.8 0 0 0 .8.8H5z" fill={isFilled ? "currentColor" : "none"} />
    </Icon>
  );
}

export function ChevronIcon({ direction, className }: IconProps & { direction: "left" | "right" | "down" }) {
  const path = { left: "M10 3.5L5.5 8l4.5 4.5", right: "M6 3.5l4.5 4.5L6 12.5", down: "M3.5 6l4.5 4.5L12.5 6" }[direction];
  return (
    <Icon className={className}>
      <path d={path} />
    </Icon>
  );
}

export function ArrowIcon({ direction, className }: IconProps & { direction: "up" | "down" }) {
  return (
    <Icon className={className}>
      {direction === "up" ? <path d="M8 13V3M3.5 7.5L8 3l4.5 4.5" /> : <path d="M8 3v10M3.5 8.5L8 13l4.5-4.5" />}
    </Icon>
  );
}

export function StopIcon({ className }: IconProps) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={className ?? "size-4"}>
      <rect x="4" y="4" width="8" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

export function PaperclipIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M10.5 5l-4.3 4.3a1.3 1.3 0 0 0 1.9 1.9l4.4-4.4a2.7 2.7 0 0 0-3.8-3.8L4.2 7.5a4 4 0 0 0 5.7 5.7l3.5-3.5" />
    </Icon>
  );
}

export function CloseIcon({ className }: IconProps) {
  return (
    <Icon className={className}>
      <path d="M4 4l8 8M12 4l-8 8" />
    </Icon>
  );
}
