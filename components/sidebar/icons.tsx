import type { ReactNode } from "react";
import { StrokeIcon } from "@/components/ui/stroke-icon";

/** Small stroke icons drawn on a 20×20 grid. */
function Icon({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <StrokeIcon grid={20} strokeWidth={1.5} className={className}>
      {children}
    </StrokeIcon>
  );
}

type IconProps = { className?: string };

export const SidebarIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <rect x="2.75" y="3.75" width="14.5" height="12.5" rx="2.5" />
    <path d="M7.75 3.75v12.5" />
  </Icon>
);

export const NewChatIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M9 3.75H5.25a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h9a2 2 0 0 0 2-2V11" />
    <path d="M14.6 2.9a1.5 1.5 0 0 1 2.1 2.1L10.5 11.2l-2.75.65.65-2.75z" />
  </Icon>
);

export const SearchIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <circle cx="8.75" cy="8.75" r="5.25" />
    <path d="m12.75 12.75 4 4" />
  </Icon>
);

export const ImportIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M10 12.5V3.25M6.5 6.5 10 3l3.5 3.5" />
    <path d="M3.25 12.25v2.5a2 2 0 0 0 2 2h9.5a2 2 0 0 0 2-2v-2.5" />
  </Icon>
);

export const DotsIcon = ({ className }: IconProps) => (
  <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className={className ?? "size-4"}>
    <circle cx="4.5" cy="10" r="1.5" />
    <circle cx="10" cy="10" r="1.5" />
    <circle cx="15.5" cy="10" r="1.5" />
  </svg>
);

export const PencilIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M13.6 3.4a1.9 1.9 0 0 1 2.7 2.7L7 15.4l-3.6.9.9-3.6z" />
  </Icon>
);

export const TrashIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M3.5 5.5h13M8 5.5V4a1 1 0 0 1 1-1h2a1 1 0 0 1 1 1v1.5M5 5.5l.8 10.1a1.5 1.5 0 0 0 1.5 1.4h5.4a1.5 1.5 0 0 0 1.5-1.4L15 5.5" />
  </Icon>
);

export const SunIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <circle cx="10" cy="10" r="3.25" />
    <path d="M10 2.5v1.5M10 16v1.5M2.5 10H4M16 10h1.5M4.7 4.7l1.06 1.06M14.24 14.24l1.06 1.06M4.7 15.3l1.06-1.06M14.24 5.76l1.06-1.06" />
  </Icon>
);

export const MoonIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M16.5 12.3A6.75 6.75 0 0 1 7.7 3.5a6.75 6.75 0 1 0 8.8 8.8z" />
  </Icon>
);

export const MonitorIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <rect x="2.75" y="3.5" width="14.5" height="10" rx="1.75" />
    <path d="M7 16.75h6M10 13.5v3.25" />
  </Icon>
);

export const KeyboardIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <rect x="2.25" y="5" width="15.5" height="10" rx="2" />
    <path d="M5.5 8.25h.01M8.5 8.25h.01M11.5 8.25h.01M14.5 8.25h.01M6.5 11.75h7" />
  </Icon>
);

export const SettingsIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <circle cx="10" cy="10" r="2.5" />
    <path d="M10 2.75v1.6M10 15.65v1.6M2.75 10h1.6M15.65 10h1.6M4.87 4.87l1.13 1.13M14 14l1.13 1.13M4.87 15.13 6 14M14 6l1.13-1.13" />
  </Icon>
);

export const SignOutIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="M8 3.25H5.25a2 2 0 0 0-2 2v9.5a2 2 0 0 0 2 2H8" />
    <path d="M12.5 6.5 16 10l-3.5 3.5M16 10H7.5" />
  </Icon>
);

export const CloseIcon = ({ className }: IconProps) => (
  <Icon className={className}>
    <path d="m5 5 10 10M15 5 5 15" />
  </Icon>
);
