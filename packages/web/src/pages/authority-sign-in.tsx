/** Authority console sign-in (role health-officer): client id and secret for a token. */
import { StaffSignIn } from '../components/staff-sign-in/index.tsx';
import { KEYS } from '../lib/storage.ts';

export default function AuthoritySignIn() {
  return <StaffSignIn title="authoritySignIn.title" storageKey={KEYS.authority} next="/authority" />;
}
