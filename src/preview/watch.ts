import { relative } from 'node:path';
import { watch } from 'chokidar';

/** A running watcher over the templates folder. */
export interface TemplateWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onChange` with the changed paths (relative to `dir`, `/`-separated) shortly after files change.
 * Editors save in bursts (write, rename, chmod), so events are coalesced over `delay` ms.
 */
export async function watchTemplates(
  dir: string,
  onChange: (files: string[]) => void,
  delay = 60,
): Promise<TemplateWatcher> {
  const watcher = watch(dir, {
    ignoreInitial: true,
    ignored: (path) => /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path) || /[~#]$|\.swp$/.test(path),
  });
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    pending.add(relative(dir, path).split('\\').join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending.clear();
      onChange(files);
    }, delay);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
