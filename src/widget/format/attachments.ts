import type { Attachment } from '../../protocol/payloads.js';
import { safeHttpUrl } from './text-links.js';

const TYPE_LABELS: Record<string, string> = {
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'application/pdf': 'PDF',
  'audio/mpeg': 'MP3 audio',
  'audio/ogg': 'OGG audio',
  'video/mp4': 'MP4 video',
  'text/vcard': 'Contact card',
};

/** "PDF", "JPEG image"…; the content type itself when it has no friendlier name. */
export function fileTypeLabel(contentType: string): string {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return TYPE_LABELS[type] ?? (type || 'Unknown type');
}

/** "820 B", "12 KB", "1.4 MB" (powers of 1024, as file managers show them). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}

/** How to show an attachment: an image inline, a link, or (a URL that is not http(s)) its name only. */
export type AttachmentView =
  | { kind: 'image'; href: string; name: string; details: string }
  | { kind: 'link'; href: string; name: string; details: string }
  | { kind: 'unavailable'; name: string; details: string };

export function attachmentView(attachment: Attachment): AttachmentView {
  const href = safeHttpUrl(attachment.url);
  const name = attachment.name || 'Attachment';
  const type = fileTypeLabel(attachment.contentType);
  const details =
    attachment.sizeBytes !== null && attachment.sizeBytes >= 0 ? `${type}, ${fileSize(attachment.sizeBytes)}` : type;
  if (!href) return { kind: 'unavailable', name, details };
  if (/^image\//i.test(attachment.contentType)) return { kind: 'image', href, name, details };
  return { kind: 'link', href, name, details };
}
