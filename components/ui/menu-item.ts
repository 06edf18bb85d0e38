import type { ReactNode } from "react";

export type MenuItem = { label: string; icon?: ReactNode; isDanger?: boolean; onSelect: () => void };
