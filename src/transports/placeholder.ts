/**
 * The sender of mail that never leaves the machine (`memory://`, `outbox://`) when neither the mailer
 * nor the send names one, as the test mailer does. `.test` is reserved: it can never be a real domain.
 */
export const PLACEHOLDER_FROM = 'test@mailsmith.test';
