import { relative } from 'node:path';
import { watch } from 'chokidar';

/** A running watcher over the templates folder. */
export interface TemplateWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the changed paths (relative to `dir`, `/`-separated) shortly after files change,
 * and the folders in which entries were added or removed.
 * Editors save in bursts (write, rename, chmod), so events are coalesced over `delay` ms.
 * A watcher error (a path it cannot read) goes to `onError` and never stops the watcher or the
 * server around it. Symlinks are watched as links, not followed: a link to a parent folder
 * (`loop -> ..`) would otherwise be walked until ELOOP.
 */
export async function watchTemplates(
  dir: string,
  onChange: (files: string[], folders: string[]) => void,
  delay = 60,
  onError: (error: Error) => void = warn,
): Promise<TemplateWatcher> {
  const watcher = watch(dir, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path) => /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path) || /[~#]$|\.swp$/.test(path),
  });
  const pending = new Set<string>();
  const folders = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (event, path) => {
    const file = relative(dir, path).split('\\').join('/');
    pending.add(file);
    // An entry appeared or vanished: whoever listed its folder (e.g. _partials/) must look again.
    if (event !== 'change') folders.add(file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      const listed = [...folders];
      pending.clear();
      folders.clear();
      onChange(files, listed);
    }, delay);
  });
  // Attached for the watcher's whole life: an 'error' event without a listener would crash the process.
  watcher.on('error', (error) => onError(error as Error));
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** Default `onError`: one line on stderr; the path is skipped and watching goes on. */
function warn(error: Error): void {
  const e = error as NodeJS.ErrnoException;
  process.stderr.write(`mailsmith: watcher skipped ${e.path ?? 'a path'}: ${e.code ?? e.message}\n`);
}
