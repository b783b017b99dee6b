/** Time is passed in, never read deep inside logic, so tests and rules can fix the instant. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
