import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/ConfigError.js';

/**
 * What a bounce reader remembers between polls, apart from the suppression list: POP3 message ids
 * already read (POP3 has no flags), the last IMAP UID examined, and soft-bounce times per address.
 */
export interface ReaderStateData {
  /** Per mailbox: UIDLs already examined. */
  pop3?: Record<string, string[]>;
  /** Per mailbox and folder: UIDVALIDITY and the highest UID examined. */
  imap?: Record<string, { uidValidity: string; lastUid: number }>;
  /** Per address: ISO times of its soft bounces within the window. */
  soft?: Record<string, string[]>;
}

/** Loads and saves reader state; `memoryReaderState()` and `fileReaderState(path)` ship. */
export interface ReaderState {
  load(): Promise<ReaderStateData>;
  save(data: ReaderStateData): Promise<void>;
}

/** Reader state in memory: forgotten on restart (POP3 mail is then examined again, never re-suppressed twice). */
export function memoryReaderState(): ReaderState {
  let data: ReaderStateData = {};
  return {
    async load() {
      return structuredClone(data);
    },
    async save(next) {
      data = structuredClone(next);
    },
  };
}

/**
 * Reader state in a JSON file (atomic writes), so a restarted `mailsmith bounces poll` neither reports old
 * POP3 bounces again nor forgets soft-bounce counts.
 *
 * @example
 * createBounceReader({ mailbox, suppressions, state: fileReaderState('./.mailsmith/bounce-state.json') });
 */
export function fileReaderState(path: string): ReaderState {
  const file = resolve(path);
  let counter = 0;
  return {
    async load() {
      try {
        return JSON.parse(await readFile(file, 'utf8')) as ReaderStateData;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw new ConfigError(`Bounce reader state ${file} cannot be read`, {
          hint: 'delete the file: POP3 mail is then examined once more, nothing is suppressed twice',
          cause: error,
        });
      }
    },
    async save(data) {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${++counter}.tmp`;
      await writeFile(tmp, `${JSON.stringify(data)}\n`, 'utf8');
      await rename(tmp, file);
    },
  };
}
