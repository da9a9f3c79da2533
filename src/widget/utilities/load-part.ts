import type { TransferDialog } from '../components/transfer-dialog/transfer-dialog.component.js';

/** Parts of the desktop loaded once, when first needed (each its own chunk of the bundle); resolves when defined. */
const parts = new Map<string, Promise<unknown>>();

export function loadPart(name: string, load: () => Promise<unknown>): Promise<unknown> {
  let loading = parts.get(name);
  if (!loading) {
    loading = load().catch((error: unknown) => {
      // a failed download (offline) may succeed later
      parts.delete(name);
      throw error;
    });
    parts.set(name, loading);
  }
  return loading;
}

export const loadTemplatePicker = () =>
  loadPart('ad-template-picker', () => import('../components/template-picker/template-picker.js'));
export const loadTransferDialog = () =>
  loadPart('ad-transfer-dialog', () => import('../components/transfer-dialog/transfer-dialog.js'));

/**
 * Opens the `<ad-transfer-dialog>` in `root` (a component's Transfer button), loading its chunk at the first use.
 * Does nothing when the dialog has gone meanwhile (the conversation or call changed).
 */
export async function showTransferDialog(root: ParentNode): Promise<void> {
  await loadTransferDialog();
  const dialog = root.querySelector<TransferDialog>('ad-transfer-dialog');
  if (!dialog?.isConnected) return;
  await dialog.updateComplete;
  await dialog.show();
}
