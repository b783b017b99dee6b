import { issue, type Issue } from '../../errors.ts';
import type { QrSymbolInfo } from '../../symbols/segments.ts';
import { SHC_MAX_CHUNK_JWS, SHC_MAX_SINGLE_JWS } from './numeric.ts';

/** Largest QR version a SMART Health Card may use (dev tools: INVALID_QR_VERSION). */
export const SHC_MAX_QR_VERSION = 22;

/**
 * The rules on the QR symbol itself, when the card was read from an image: version ≤ 22, one
 * byte-mode segment (`shc:/`, with any chunk header) then one numeric segment, and the JWS
 * characters this one symbol holds (1195 alone, 1191 as a chunk).
 */
export function checkShcSymbol(symbol: QrSymbolInfo, text: string): Issue[] {
  const warnings: Issue[] = [];
  if (symbol.version > SHC_MAX_QR_VERSION) {
    warnings.push(
      issue('SHC_QR_VERSION', `QR: version ${symbol.version} is above ${SHC_MAX_QR_VERSION}`, 'symbol'),
    );
  }
  const modes = symbol.segments?.map((s) => s.mode);
  if (modes && (modes.length !== 2 || modes[0] !== 'byte' || modes[1] !== 'numeric')) {
    warnings.push(
      issue(
        'SHC_QR_SEGMENTS',
        `QR: segments ${modes.join(', ')}; expected byte (shc:/) then numeric`,
        'symbol',
      ),
    );
  }
  const m = /^shc:\/(?:(\d{1,3})\/(\d{1,3})\/)?(\d*)$/i.exec(text);
  if (m) {
    const chunked = m[2] !== undefined && Number(m[2]) > 1;
    const max = chunked ? SHC_MAX_CHUNK_JWS : SHC_MAX_SINGLE_JWS;
    const size = m[3]!.length / 2;
    if (size > max) {
      const what = chunked ? `chunk ${m[1]} holds` : 'the QR holds';
      warnings.push(issue('SHC_CHUNK_SIZE', `Chunk: ${what} ${size} JWS characters, above ${max}`, 'chunk'));
    }
  }
  return warnings;
}
