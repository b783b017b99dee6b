/**
 * Routes as data: one page per person's task, each loaded on demand (the scanner's camera and
 * decoder never weigh on the citizen's pages). The router, the bundle report (bench/web.ts) and
 * the e2e tests read this one list.
 */
import type { ComponentType } from 'preact';
import type { MessageKey } from './lib/i18n.ts';

export type Area = 'public' | 'citizen' | 'scanner' | 'venue' | 'authority';

export interface RouteDef {
  path: string;
  /** Title of the page (document.title and the heading). */
  title: MessageKey;
  area: Area;
  /** The page module; its default export is the page component. */
  load: () => Promise<{ default: ComponentType }>;
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/', title: 'home.title', area: 'public', load: () => import('./pages/home.tsx') },
  {
    path: '/citizen/sign-in',
    title: 'signIn.title',
    area: 'citizen',
    load: () => import('./pages/citizen-sign-in.tsx'),
  },
  {
    path: '/citizen/link',
    title: 'link.title',
    area: 'citizen',
    load: () => import('./pages/citizen-link.tsx'),
  },
  { path: '/citizen/qr', title: 'myQr.title', area: 'citizen', load: () => import('./pages/my-qr.tsx') },
  {
    path: '/citizen/qr/print',
    title: 'print.title',
    area: 'citizen',
    load: () => import('./pages/print-qr.tsx'),
  },
  {
    path: '/citizen/access-log',
    title: 'accessLog.title',
    area: 'citizen',
    load: () => import('./pages/access-log.tsx'),
  },
  {
    path: '/citizen/declarations',
    title: 'declarations.title',
    area: 'citizen',
    load: () => import('./pages/citizen-declarations.tsx'),
  },
  {
    path: '/citizen/check-ins',
    title: 'checkIns.title',
    area: 'citizen',
    load: () => import('./pages/citizen-check-ins.tsx'),
  },
  {
    path: '/citizen/notifications',
    title: 'notifications.title',
    area: 'citizen',
    load: () => import('./pages/citizen-notifications.tsx'),
  },
  {
    path: '/citizen/passport',
    title: 'passport.title',
    area: 'citizen',
    load: () => import('./pages/citizen-passport.tsx'),
  },
  {
    path: '/scanner/sign-in',
    title: 'scannerSignIn.title',
    area: 'scanner',
    load: () => import('./pages/scanner-sign-in.tsx'),
  },
  { path: '/scanner', title: 'scanner.title', area: 'scanner', load: () => import('./pages/scanner.tsx') },
  {
    path: '/venue/sign-in',
    title: 'venueSignIn.title',
    area: 'venue',
    load: () => import('./pages/venue-sign-in.tsx'),
  },
  { path: '/venue', title: 'venue.title', area: 'venue', load: () => import('./pages/venue-console.tsx') },
  {
    path: '/authority/sign-in',
    title: 'authoritySignIn.title',
    area: 'authority',
    load: () => import('./pages/authority-sign-in.tsx'),
  },
  {
    path: '/authority',
    title: 'authority.title',
    area: 'authority',
    load: () => import('./pages/authority-console.tsx'),
  },
  {
    path: '/authority/linkage',
    title: 'authority.linkageTitle',
    area: 'authority',
    load: () => import('./pages/authority-linkage.tsx'),
  },
  {
    path: '/authority/reports',
    title: 'authority.reportsTitle',
    area: 'authority',
    load: () => import('./pages/authority-reports.tsx'),
  },
];

export const NOT_FOUND: RouteDef = {
  path: '*',
  title: 'notFound.title',
  area: 'public',
  load: () => import('./pages/not-found.tsx'),
};

export function routeFor(path: string): RouteDef {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((r) => r.path === clean) ?? NOT_FOUND;
}
