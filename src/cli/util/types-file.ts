import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { generateTypes } from '../../infer/project.js';

/** The outcome of one regeneration of the types file. */
export interface TypesWrite {
  /** False when the file already held exactly this declaration (it is then not touched). */
  changed: boolean;
  templates: string[];
}

/**
 * Writes the `TemplateRegistry` declaration of a templates folder to `out`, unless it is already
 * there byte for byte (so watchers of the file, tsc --watch among them, do not fire for nothing).
 */
export async function writeTypesFile(templates: string, out: string, helpers: string[]): Promise<TypesWrite> {
  const { declaration, templates: names } = await generateTypes(templates, { helpers });
  const current = existsSync(out) ? await readFile(out, 'utf8') : undefined;
  if (current !== declaration) await writeFile(out, declaration);
  return { changed: current !== declaration, templates: names };
}

/**
 * Keeps the types file in step with the templates: writes it now, then again after every change.
 * A template that does not compile leaves the file as it was and says so; the next save retries.
 *
 * @example
 * const watcher = await keepTypesFresh('./templates', 'mailsmith-env.d.ts', [], (line) => console.error(line));
 * await watcher.close();
 */
export async function keepTypesFresh(
  templates: string,
  out: string,
  helpers: string[],
  log: (line: string) => void,
  cwd: string = process.cwd(),
): Promise<{ close(): Promise<void> }> {
  const shown = relative(cwd, out) || out;
  let running = Promise.resolve();
  const regenerate = () => {
    // One at a time, in order: a burst of saves must not interleave two writes of the file.
    running = running.then(async () => {
      try {
        const result = await writeTypesFile(templates, out, helpers);
        if (result.changed) log(`types: wrote ${shown} (${result.templates.join(', ')})`);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        log(`types: ${shown} not updated: ${message}`);
      }
    });
    return running;
  };
  await regenerate();
  // Loaded here, not at the top: `mailsmith --help` and `types` without --watch never need chokidar.
  const { watchTemplates } = await import('../../preview/watch.js');
  const watcher = await watchTemplates(templates, () => void regenerate());
  return {
    async close() {
      await watcher.close();
      await running;
    },
  };
}

/**
 * `preview` and `dev` keep `mailsmith-env.d.ts` in step with the templates while they run, so tsc sees
 * a new field without another command; `--no-types` turns it off (undefined then).
 */
export function typesFollowTemplates(
  settings: { templates: string; config: { helpers?: object } },
  enabled: boolean | undefined,
  ctx: { cwd: string; stderr: { write(text: string): unknown } },
): Promise<{ close(): Promise<void> } | undefined> {
  if (enabled === false) return Promise.resolve(undefined);
  return keepTypesFresh(
    settings.templates,
    resolve(ctx.cwd, 'mailsmith-env.d.ts'),
    Object.keys(settings.config.helpers ?? {}),
    (line) => ctx.stderr.write(`${line}\n`),
    ctx.cwd,
  );
}
