/**
 * Where a citizen's one-time sign-in code goes. Pluggable: a deployment hands buildApp its SMS
 * gateway; the built-in demo sender writes the code to the server log (and nothing else does).
 */

/** One code to deliver. */
export interface OtpMessage {
  /** The phone in national form, 10 digits (0XXXXXXXXX). */
  phone: string;
  code: string;
  /** The issuing app the citizen signs in through (for the message text). */
  issuerId: string;
  expiresAt: Date;
}

export interface OtpSender {
  /** Delivers the code; a rejection makes the request fail with 503 and the challenge unusable. */
  send(message: OtpMessage): Promise<void>;
}

/** Minimal logger shape (Fastify's logger satisfies it). */
export interface InfoLogger {
  info(obj: object, msg: string): void;
}

/**
 * The demo sender: logs the code at info level. Only for the embedded demo and tests; a real
 * deployment passes its own sender (the log would otherwise hold live codes).
 */
export function logOtpSender(log: InfoLogger): OtpSender {
  return {
    async send({ phone, code, issuerId, expiresAt }) {
      log.info(
        { otp: { phone: `${phone.slice(0, 3)}****${phone.slice(-3)}`, code, issuerId, expiresAt } },
        'citizen sign-in code (demo sender: codes go to this log)',
      );
    },
  };
}
