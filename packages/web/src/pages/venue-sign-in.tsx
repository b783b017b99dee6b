/** Venue console sign-in (role venue-owner): client id and secret for a token. */
import { StaffSignIn } from '../components/staff-sign-in/index.tsx';
import { KEYS } from '../lib/storage.ts';

export default function VenueSignIn() {
  return <StaffSignIn title="venueSignIn.title" storageKey={KEYS.venue} next="/venue" />;
}
