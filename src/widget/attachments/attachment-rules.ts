/**
 * What an agent may attach, checked in the browser before anything is uploaded (the hub checks again).
 * The limits and types come from the shared contract.
 */
import { ATTACHMENT_CONTENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '../../protocol/limits.js';
import { fileSize, fileTypeLabel } from '../format/attachments.js';

/** Whether the agent may attach files in a conversation: its channel's setting, as the hub reports it. */
export function channelAllowsAttachments(conversation: { agentAttachments: boolean } | null): boolean {
  return conversation?.agentAttachments ?? false;
}

/** The file input's `accept`. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_CONTENT_TYPES.join(',');

/** "JPEG image, PNG image, …": what the agent may attach, for error messages. */
export const ALLOWED_TYPES_TEXT = [...new Set(ATTACHMENT_CONTENT_TYPES.map(fileTypeLabel))].join(', ');

export interface FileCheck {
  /** Files that may be added, in order. */
  accepted: File[];
  /** One sentence per file that was not added, saying why. */
  refused: string[];
}

/**
 * Which of `files` can join the `already` chosen ones: each of an allowed type, not empty, at most
 * MAX_ATTACHMENT_BYTES, and at most MAX_ATTACHMENTS_PER_MESSAGE in all.
 */
export function checkFiles(already: number, files: readonly File[]): FileCheck {
  const accepted: File[] = [];
  const refused: string[] = [];
  for (const file of files) {
    const type = file.type.toLowerCase();
    if (!(ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
      const what = type ? fileTypeLabel(type) : 'an unknown type';
      refused.push(`“${file.name}” is ${what}, which cannot be sent. Allowed: ${ALLOWED_TYPES_TEXT}.`);
    } else if (file.size > MAX_ATTACHMENT_BYTES) {
      refused.push(`“${file.name}” is ${fileSize(file.size)}; files can be at most ${fileSize(MAX_ATTACHMENT_BYTES)}.`);
    } else if (file.size === 0) {
      refused.push(`“${file.name}” is empty.`);
    } else if (already + accepted.length >= MAX_ATTACHMENTS_PER_MESSAGE) {
      refused.push(`“${file.name}” was not added: at most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message.`);
    } else {
      accepted.push(file);
    }
  }
  return { accepted, refused };
}
