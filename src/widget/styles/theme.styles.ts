import { css } from 'lit';

/**
 * The public design tokens, all prefixed `--ad-`, mapped to private `--_` variables with their defaults.
 * Custom properties inherit through shadow roots, so a host sets them once on `<ad-desktop>` (or any
 * ancestor) and every component follows. Fonts default to the host page's.
 */
export const themeStyles = css`
  :host {
    --_font-family: var(--ad-font-family, inherit);
    --_font-size: var(--ad-font-size, 0.875rem);
    --_accent: var(--ad-accent, #0b62c4);
    --_accent-contrast: var(--ad-accent-contrast, #ffffff);
    --_accent-soft: var(--ad-accent-soft, #e8f1fc);
    --_text: var(--ad-text-color, #1f2328);
    --_text-muted: var(--ad-text-muted-color, #57606a);
    --_surface: var(--ad-surface-color, #ffffff);
    --_surface-muted: var(--ad-surface-muted-color, #f4f6f8);
    --_border: var(--ad-border-color, #d0d7de);
    --_danger: var(--ad-danger-color, #b42318);
    --_danger-soft: var(--ad-danger-soft-color, #fdecea);
    --_success: var(--ad-success-color, #1a7f37);
    --_warning: var(--ad-warning-color, #8a5a00);
    --_radius: var(--ad-radius, 6px);
    --_focus-ring: var(--ad-focus-ring, 2px solid var(--_accent));
    --_inbound-bubble: var(--ad-inbound-bubble-color, #f0f2f5);
    --_outbound-bubble: var(--ad-outbound-bubble-color, #dcebfd);

    box-sizing: border-box;
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.4;
    color: var(--_text);
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;
