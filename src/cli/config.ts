import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MailsmithConfig } from '../config.js';
import { ConfigError } from '../errors/index.js';
import type { Transport } from '../types.js';

/** Config file names, in lookup order. */
export const CONFIG_FILES = [
  'mailsmith.config.ts',
  'mailsmith.config.mts',
  'mailsmith.config.js',
  'mailsmith.config.mjs',
  'mailsmith.config.json',
] as const;

/** A loaded config file (or none). */
export interface LoadedConfig {
  config: MailsmithConfig;
  /** Absolute path of the file it came from; undefined when there is none. */
  file?: string;
}

/** Finds and loads the first `mailsmith.config.*` in `cwd`. A broken file is a ConfigError, never ignored. */
export async function loadConfigFile(cwd: string = process.cwd()): Promise<LoadedConfig> {
  const name = CONFIG_FILES.find((candidate) => existsSync(join(cwd, candidate)));
  if (!name) return { config: {} };
  const file = join(cwd, name);
  let loaded: unknown;
  try {
    if (name.endsWith('.json')) {
      loaded = JSON.parse(await readFile(file, 'utf8'));
    } else if (name.endsWith('ts')) {
      // jiti compiles TypeScript on the fly on every supported Node version (no --experimental flags).
      const { createJiti } = await import('jiti');
      loaded = await createJiti(import.meta.url, { moduleCache: false }).import(file, { default: true });
    } else {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      loaded = mod.default ?? mod;
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Could not load ${name}: ${detail}`, {
      cause: error,
      hint: `fix ${name} so that it exports defineConfig({...}) as its default export`,
    });
  }
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) {
    throw new ConfigError(
      `${name} must export an object, got ${Array.isArray(loaded) ? 'an array' : typeof loaded}`,
      {
        hint: 'export default defineConfig({ templates: "./templates" })',
      },
    );
  }
  return { config: loaded as MailsmithConfig, file };
}

/** Settings given on the command line; each one wins over the environment and the config file. */
export interface CliFlags {
  templates?: string;
  transport?: string;
  from?: string;
}

/** What a command runs with, after flags → environment → config file precedence. */
export interface Settings {
  /** Absolute templates folder. */
  templates: string;
  /** Transport URL or object; undefined lets the mailer pick its default (QQ from MAILSMITH_SMTP_USER/PASS). */
  transport?: string | Transport;
  from?: string;
  config: MailsmithConfig;
  configFile?: string;
}

/**
 * Resolves the settings of a command. MAILSMITH_SMTP_USER/PASS are not read here: the default
 * transport reads them itself when no transport URL is set anywhere.
 */
export async function resolveSettings(
  flags: CliFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<Settings> {
  const { config, file } = await loadConfigFile(cwd);
  const templates = flags.templates ?? nonEmpty(env.MAILSMITH_TEMPLATES) ?? config.templates ?? './templates';
  return {
    templates: resolve(cwd, templates),
    transport: flags.transport ?? nonEmpty(env.MAILSMITH_TRANSPORT) ?? config.transport,
    from: flags.from ?? nonEmpty(env.MAILSMITH_FROM) ?? config.from,
    config,
    configFile: file,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The settings of a command that compiles templates (`build`, `types`), with the helper names from
 * the config file and `--helpers`. A missing folder is a CONFIG error: compiling nothing would write
 * an empty module or registry and silently drop every template.
 */
export async function resolveTemplateSettings(
  flags: CliFlags & { helpers?: string },
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<Settings & { helpers: string[] }> {
  const settings = await resolveSettings(flags, env, cwd);
  if (!existsSync(settings.templates)) {
    throw new ConfigError(`Templates folder not found: ${settings.templates}`, {
      hint: 'pass --templates <dir>, set MAILSMITH_TEMPLATES, or set templates in mailsmith.config.*',
    });
  }
  const extra = (flags.helpers ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return { ...settings, helpers: [...Object.keys(settings.config.helpers ?? {}), ...extra] };
}
