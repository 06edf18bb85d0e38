export type SuggestedPromptsProps = { onPick: (prompt: string) => void };

const SUGGESTIONS = [
  { title: "Explain a concept", subtitle: "like I'm new to quantum computing", prompt: "Explain quantum computing like I'm new to it." },
  { title: "Write code", subtitle: "to debounce a function in TypeScript", prompt: "Write a TypeScript function that debounces another function, with a short example." },
  { title: "Plan a trip", subtitle: "three days in Lisbon on a budget", prompt: "Plan a three-day trip to Lisbon on a budget." },
  { title: "Help me write", subtitle: "a polite note declining a meeting", prompt: "Help me write a polite note declining a meeting invitation." },
] as const;

/** Starting points on an empty chat; a click sends the prompt. Phones show the first two, to keep the composer close. */
export function SuggestedPrompts({ onPick }: SuggestedPromptsProps) {
  return (
    <ul aria-label="Suggested prompts" className="grid grid-cols-1 gap-2 sm:grid-cols-2">
      {SUGGESTIONS.map((suggestion, index) => (
        <li key={suggestion.title} className={index >= 2 ? "hidden sm:block" : undefined}>
          <button
            type="button"
            onClick={() => onPick(suggestion.prompt)}
            className="flex w-full flex-col items-start rounded-2xl border border-zinc-200 px-4 py-3 text-left text-sm transition-colors hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-800 dark:hover:bg-zinc-900"
          >
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{suggestion.title}</span>
            <span className="text-zinc-500 dark:text-zinc-400">{suggestion.subtitle}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
