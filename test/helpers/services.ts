import { describe } from 'vitest';

/**
 * External services (Chromium, Postfix, Redis…) are optional on a developer machine and mandatory in CI.
 * `.ci/run` sets MAILSMITH_REQUIRE_SERVICES=1, which turns a missing service into a failure instead of a skip.
 */
export const servicesRequired = process.env.MAILSMITH_REQUIRE_SERVICES === '1';

/**
 * Returns whether the service is usable. When it is not: throws in CI, prints a skip notice elsewhere.
 * `probe` returns true/false or throws (treated as unavailable, with the error shown).
 */
export async function serviceAvailable(
  name: string,
  probe: () => boolean | Promise<boolean>,
): Promise<boolean> {
  let ok = false;
  let reason = 'not found';
  try {
    ok = await probe();
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (ok) return true;
  if (servicesRequired) {
    throw new Error(
      `[mailsmith tests] ${name} is required (MAILSMITH_REQUIRE_SERVICES=1) but unavailable: ${reason}`,
    );
  }
  console.warn(
    `\n[mailsmith tests] SKIPPING ${name} tests: ${name} unavailable (${reason}). Install it to run them.\n`,
  );
  return false;
}

/** `describe` that runs only when the service is available (skip notice locally, failure in CI). */
export async function describeWithService(
  name: string,
  probe: () => boolean | Promise<boolean>,
  title: string,
  body: () => void,
): Promise<void> {
  const ok = await serviceAvailable(name, probe);
  describe.skipIf(!ok)(title, body);
}
