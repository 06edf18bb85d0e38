"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { MonitorIcon, MoonIcon, SunIcon } from "./icons";

const THEMES = [
  { value: "light", label: "Light", Icon: SunIcon },
  { value: "dark", label: "Dark", Icon: MoonIcon },
  { value: "system", label: "System", Icon: MonitorIcon },
] as const;

const subscribe = () => () => {};

/** Light, Dark or System as a radio group (arrow keys move between them); the choice lives in localStorage. */
export function ThemeSwitcher() {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser; the server renders no option checked.
  const isHydrated = useSyncExternalStore(subscribe, () => true, () => false);
  const current = isHydrated ? (theme ?? "system") : null;

  return (
    <div role="radiogroup" aria-label="Theme" className="flex rounded-full bg-zinc-200/70 p-0.5 dark:bg-zinc-800">
      {THEMES.map(({ value, label, Icon }) => (
        <label
          key={value}
          title={label}
          className="relative flex size-7 cursor-pointer items-center justify-center rounded-full text-zinc-500 hover:text-zinc-900 has-checked:bg-white has-checked:text-zinc-900 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:text-zinc-100 dark:has-checked:bg-zinc-600 dark:has-checked:text-white"
        >
          <input
            type="radio"
            name="theme"
            value={value}
            aria-label={label}
            checked={current === value}
            onChange={() => setTheme(value)}
            className="absolute inset-0 cursor-pointer appearance-none rounded-full outline-none"
          />
          <Icon className="pointer-events-none relative size-4" />
        </label>
      ))}
    </div>
  );
}
