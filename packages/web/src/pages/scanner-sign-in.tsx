/** Scanner sign-in: the device's client id and secret (issued by the platform admin) for a token. */
import { StaffSignIn } from '../components/staff-sign-in/index.tsx';
import { KEYS } from '../lib/storage.ts';

export default function ScannerSignIn() {
  return <StaffSignIn title="scannerSignIn.title" storageKey={KEYS.scanner} next="/scanner" />;
}
