import { useId } from "react";

export type FormFieldProps = {
  label: string;
  name: string;
  type: "email" | "password" | "text";
  autoComplete?: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
};

/** A labelled input whose error sits next to it and is announced with it (aria-describedby). */
export function FormField({ label, name, type, autoComplete, defaultValue, error, hint }: FormFieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? messageId : undefined}
        className="h-10 rounded-lg border border-zinc-300 bg-white px-3 outline-none focus:border-zinc-500 focus-visible:ring-2 focus-visible:ring-blue-500/40 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900"
      />
      {error ? (
        <p id={messageId} className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <p id={messageId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
