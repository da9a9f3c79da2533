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

export const loadTemplatePicker = () => loadPart('ad-template-picker', () => import('../components/template-picker/template-picker.js'));
export const loadTransferDialog = () => loadPart('ad-transfer-dialog', () => import('../components/transfer-dialog/transfer-dialog.js'));
