/**
 * The desktop's own update prompt: "A new version of the agent desktop is ready. [Reload]", a polite status in the
 * header (the `header-end` slot), in a shadow root of its own so the host page's CSS leaves it alone. It follows
 * the desktop's `--ad-*` tokens; a host styles it further through `.ad-update-prompt::part(base|text|button)`.
 */

const PROMPT_STYLES = `
  :host { display: inline-flex; }
  [part='base'] { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
  [part='button'] {
    font: inherit;
    padding: 0.15rem 0.6rem;
    border: 1px solid var(--ad-accent, #0b62c4);
    border-radius: var(--ad-radius, 6px);
    background: var(--ad-accent, #0b62c4);
    color: var(--ad-accent-contrast, #ffffff);
    cursor: pointer;
  }
  [part='button']:focus-visible { outline: var(--ad-focus-ring, 2px solid var(--ad-accent, #0b62c4)); outline-offset: 2px; }
  [part='button']:disabled { opacity: 0.7; cursor: progress; }
`;

export const UPDATE_PROMPT_TEXT = 'A new version of the agent desktop is ready.';

/** Puts the prompt in `desktop`'s header; Reload calls `reload`. Returns the prompt element (in the light DOM). */
export function showUpdatePrompt(desktop: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const prompt = document.createElement('div');
  prompt.slot = 'header-end';
  prompt.className = 'ad-update-prompt';
  const root = prompt.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = PROMPT_STYLES;
  const base = document.createElement('div');
  base.setAttribute('part', 'base');
  base.setAttribute('role', 'status');
  const text = document.createElement('span');
  text.setAttribute('part', 'text');
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'button');
  button.textContent = 'Reload';
  button.hidden = true;
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Reloading…';
    void reload().catch(() => {
      button.disabled = false;
      button.textContent = 'Reload';
    });
  });
  base.append(text, button);
  root.append(style, base);
  desktop.append(prompt);
  // Filled once the live region is in the page, so screen readers announce it.
  setTimeout(() => {
    text.textContent = UPDATE_PROMPT_TEXT;
    button.hidden = false;
  }, 50);
  return prompt;
}
