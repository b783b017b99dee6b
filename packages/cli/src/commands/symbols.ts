import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

export function registerSymbols(program: Command): void {
  program
    .command('render')
    .description('render a QR text as an SVG or PNG symbol (byte mode, UTF-8, ECC M, quiet zone 4)')
    .argument('<text>', 'the text to encode')
    .requiredOption('--out <file>', 'FILE.svg or FILE.png')
    .option('--scale <px>', 'PNG pixels per module', '8')
    .addHelpText(
      'after',
      '\nExamples:\n  oneqr render "$(cat qr.txt)" --out qr.png\n  oneqr render "$(cat venue.txt)" --out venue.svg',
    )
    .action(async (text: string, opts: { out: string; scale: string }) => {
      const { renderSvg, renderPng } = await import('@oneqr/qr/symbols');
      const ext = path.extname(opts.out).toLowerCase();
      if (ext !== '.svg' && ext !== '.png')
        throw new CliError(`--out "${opts.out}" must end in .svg or .png`);
      const scale = Number(opts.scale);
      if (!Number.isInteger(scale) || scale < 1 || scale > 64)
        throw new CliError(`--scale "${opts.scale}" must be a whole number from 1 to 64`);
      try {
        if (ext === '.svg') await fs.writeFile(opts.out, renderSvg(text));
        else await fs.writeFile(opts.out, renderPng(text, { scale }));
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new CliError(`${code ? `${code}: ` : ''}${(err as Error).message}`);
      }
    });
  program
    .command('scan')
    .description(
      'decode the QR codes in PNG, JPEG, GIF or WebP images; prints each decoded text on its own line',
    )
    .argument('<images...>', 'image files')
    .addHelpText(
      'after',
      '\nExit: 0 at least one code found, 2 none found or an image unreadable.\n' +
        'Examples:\n  oneqr scan qr.png photo.jpg chat.webp\n  oneqr scan qr.png | oneqr read -',
    )
    .action(async (images: string[]) => {
      const { decodeImageBytes } = await import('@oneqr/qr/node');
      let found = 0;
      for (const file of images) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await fs.readFile(file));
        } catch {
          throw new CliError(`image "${file}" does not exist or cannot be read`);
        }
        let texts: string[];
        try {
          texts = await decodeImageBytes(bytes);
        } catch (err) {
          const code = (err as { code?: string }).code;
          throw new CliError(`image "${file}": ${code ? `${code}: ` : ''}${(err as Error).message}`);
        }
        for (const t of texts) process.stdout.write(t + '\n');
        if (texts.length === 0) process.stderr.write(`oneqr: no QR code found in "${file}"\n`);
        found += texts.length;
      }
      if (found === 0) process.exitCode = 2;
    });
}
