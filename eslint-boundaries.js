/**
 * `boundaries/imports`: the house rules on who may import what.
 * Written as one local rule, not `no-restricted-imports` patterns, because it must judge the
 * resolved target (a relative path can reach any folder) and the importing file's own domain,
 * so that a new server domain (venues/, tracing/, …) is covered without touching this file.
 *
 * 1. Nothing outside packages/qr reaches into packages/qr/src: use `@oneqr/qr`,
 *    `@oneqr/qr/symbols` or `@oneqr/qr/node`.
 * 2. A server domain (packages/server/src/<domain>/) imports another domain only through its
 *    public module, `<domain>/index.ts` or `<domain>/service.ts`. Shared infrastructure
 *    (store/, plugins/ and the files directly in src/) stays importable; store/database.ts alone
 *    composes the domains' `*.table.ts` types.
 * 3. Outside packages/server, the server is used through `@oneqr/server` only.
 * A package is always imported by an entry point its package.json `exports` declares.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const QR = path.join(ROOT, 'packages/qr');
const QR_SRC = path.join(QR, 'src');
const SERVER = path.join(ROOT, 'packages/server');
const SERVER_SRC = path.join(SERVER, 'src');
/** Folders of packages/server/src that every domain may use. */
const SHARED = new Set(['store', 'plugins']);
const PUBLIC_MODULES = new Set(['index.ts', 'service.ts']);
const DATABASE = path.join(SERVER_SRC, 'store/database.ts');

/** `a` is `b` or lies below it. */
function inside(a, b) {
  const rel = path.relative(b, a);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Our packages and the entry points each declares in its package.json `exports`. */
const PACKAGES = [QR, SERVER].map((dir) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { name: pkg.name, dir, entries: new Set(Object.keys(pkg.exports ?? {})) };
});

/**
 * The absolute path a specifier names; null when it is a declared entry point of one of our
 * packages (those are public by definition) or a package that is none of ours.
 */
function resolveTarget(spec, fromFile) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec);
  for (const { name, dir, entries } of PACKAGES) {
    if (spec !== name && !spec.startsWith(`${name}/`)) continue;
    const sub = spec.slice(name.length + 1);
    if (entries.has(sub === '' ? '.' : `./${sub}`)) return null;
    return path.join(dir, sub);
  }
  return null;
}

/** The server domain folder a path lies in (its first folder below src/), or null. */
function domainOf(file) {
  if (!inside(file, SERVER_SRC)) return null;
  const parts = path.relative(SERVER_SRC, file).split(path.sep);
  return parts.length > 1 ? parts[0] : null;
}

/** Why `spec`, imported by `file`, crosses a boundary; null when it may. */
export function boundaryViolation(spec, file) {
  const target = resolveTarget(spec, file);
  if (target === null) return null;
  if (inside(target, QR_SRC) && !inside(file, QR)) {
    return 'Only packages/qr imports qr/src/**: use the `@oneqr/qr` (or `/symbols`, `/node`) exports.';
  }
  const pkg = PACKAGES.find((p) => spec.startsWith(`${p.name}/`));
  if (pkg !== undefined) {
    return `Import ${pkg.name} through the entry points its package.json exports (${[...pkg.entries].join(', ')}), never its files.`;
  }
  if (inside(target, SERVER) && !inside(file, SERVER)) {
    return 'Outside packages/server, use the `@oneqr/server` exports, not its files.';
  }
  const from = domainOf(file);
  const to = domainOf(target);
  if (from === null || to === null || from === to || SHARED.has(to)) return null;
  const rest = path.relative(path.join(SERVER_SRC, to), target);
  if (PUBLIC_MODULES.has(rest)) return null;
  if (file === DATABASE && rest.endsWith('.table.ts') && !rest.includes(path.sep)) return null;
  return `The ${from}/ domain imports ${to}/ only through ${to}/index.ts or ${to}/service.ts, not ${to}/${rest}.`;
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the boundaries of packages and server domains.' },
    schema: [],
    messages: { boundary: '{{reason}}' },
  },
  create(context) {
    const file = context.filename;
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const reason = boundaryViolation(source.value, file);
      if (reason !== null) context.report({ node: source, messageId: 'boundary', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) =>
        check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
    };
  },
};

export default { rules: { imports: importsRule } };
