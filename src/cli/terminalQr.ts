// A QR code drawn with Unicode half blocks, two modules per character cell, so that a phone
// can scan it off the terminal. Light modules are the blocks and dark ones the background, which
// is right on the dark background most terminals have.
import { renderUnicodeCompact } from 'uqr';

export function terminalQr(content: string): string {
  return renderUnicodeCompact(content, { border: 2 });
}
