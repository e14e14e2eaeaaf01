import { createTestMailer, type TestMailer, type TestMailerOptions } from '../../src/testing/index.js';

/** Templates under test/fixtures/testing/templates (html.hbs + subject.hbs, no MJML). */
export const FIXTURE_TEMPLATES = 'test/fixtures/testing/templates';

/**
 * The fixtures' data, declared here rather than through the global TemplateRegistry, so these tests
 * typecheck the same whether or not the repo has a generated mailsmith-env.d.ts for the shipped templates.
 */
export interface Fixtures {
  welcome: { name: string; verifyUrl: string };
  'password-reset': { email: string; resetUrl: string };
  invoice: { number: string; amount: string };
}

/** A test mailer over the fixture templates, typed by {@link Fixtures}. */
export function fixtureMailer(
  options: Omit<TestMailerOptions, 'templates' | 'schemas'> = {},
): TestMailer<Fixtures> {
  return createTestMailer({ templates: FIXTURE_TEMPLATES, ...options }) as unknown as TestMailer<Fixtures>;
}
