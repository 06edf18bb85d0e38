/** Where next-themes keeps the reader's choice ("light", "dark" or "system"); its default key, named once. */
export const THEME_STORAGE_KEY = "theme";

/**
 * Sets the theme class before the body exists. next-themes runs the same decision from a script at the start of
 * <body>, but on a slow machine the browser can paint a frame of the empty body before that script runs: a white
 * flash for a reader whose choice or OS is dark. From <head> no frame can show the body first.
 */
export const FIRST_PAINT_THEME_SCRIPT = `(() => {
  try {
    const choice = localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});
    const dark = choice === "dark" || (choice !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    const root = document.documentElement;
    root.classList.remove(dark ? "light" : "dark");
    root.classList.add(dark ? "dark" : "light");
    root.style.colorScheme = dark ? "dark" : "light";
  } catch {}
})()`;
