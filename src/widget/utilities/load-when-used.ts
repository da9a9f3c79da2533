/**
 * Loads the code of tags a page uses on their own (outside `<ad-desktop>`, which loads what it needs itself)
 * when they first appear in the document: the softphone, the screen pop and the supervisor's overview are chunks of
 * the bundle that most pages never download.
 */
export function loadWhenUsed(tags: Record<string, () => Promise<unknown>>): void {
  const pending = new Map(Object.entries(tags));
  const check = () => {
    for (const [tag, load] of pending) {
      if (!document.querySelector(tag)) continue;
      pending.delete(tag);
      load().catch((error: unknown) => console.warn(`<${tag}> could not load`, error));
    }
    if (pending.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  check();
}
