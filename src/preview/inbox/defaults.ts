/** Where `mailsmith dev` keeps captured mail, relative to the working directory. */
export const DEFAULT_INBOX_DIR = '.mailsmith/inbox';
