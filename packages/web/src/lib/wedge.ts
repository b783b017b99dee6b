/**
 * Keyboard-wedge readers (USB or serial QR/CCCD readers in keyboard mode) type the code's text
 * and end it with CR (sometimes CR LF, or LF). This splits what arrived into complete codes and
 * the unfinished rest, normalising to NFC so a CCCD name typed as combining marks compares equal.
 */

export interface WedgeSplit {
  /** Complete codes, in order (empty lines dropped). */
  codes: string[];
  /** Text after the last terminator: the start of the next code. */
  rest: string;
}

export function splitWedge(buffer: string): WedgeSplit {
  const parts = buffer.split(/\r\n|\r|\n/);
  const rest = parts.pop() ?? '';
  return { codes: parts.map((p) => p.normalize('NFC')).filter((p) => p.trim() !== ''), rest };
}
