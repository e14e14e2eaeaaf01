/** Where a line of assembled source came from. */
export interface Origin {
  file: string;
  line: number;
}

/**
 * Text assembled from several files (layout, template, MJML partials) that remembers, for each of
 * its lines, the file and line it came from, so MJML errors can point at what the author wrote.
 */
export class SourceText {
  text = '';
  /** origins[i] is where line i + 1 of `text` starts. */
  readonly origins: Origin[] = [];

  /** Appends `text`, whose first character sits on `line` of `file`. */
  push(text: string, file: string, line: number): this {
    if (this.origins.length === 0) this.origins.push({ file, line });
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      line++;
      from = nl + 1;
      this.origins.push({ file, line });
    }
    this.text += text;
    return this;
  }

  /** Origin of a 1-based line of the assembled text (the last known one past the end). */
  at(line: number): Origin | undefined {
    return this.origins[Math.min(Math.max(line, 1), this.origins.length) - 1];
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
