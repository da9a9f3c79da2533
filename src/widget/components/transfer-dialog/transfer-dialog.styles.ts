import { css } from 'lit';

export const transferDialogStyles = css`
  :host {
    --_dialog-width: var(--ad-transfer-dialog-width, 26rem);
  }

  form {
    display: grid;
    gap: 0.3rem;
  }
`;
