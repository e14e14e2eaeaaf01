import { checkPreviewData } from '../infer/index.js';
import type { CompiledTemplate } from '../render/types.js';
import type { CheckIssue } from './types.js';

/** preview.json problems against what the template reads (missing fields, wrong shapes), per scenario. */
export function previewDataIssues(compiled: CompiledTemplate, helpers: Iterable<string> = []): CheckIssue[] {
  return checkPreviewData(compiled, { helpers }).map((issue) => ({
    rule: 'preview-data' as const,
    file: `${compiled.name}/preview.json`,
    message: `${issue.path || '(root)'}: ${issue.message}`,
  }));
}
