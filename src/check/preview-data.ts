import type { DataIssue } from '../errors/index.js';
import type { CompiledTemplate } from '../render/types.js';
import type { CheckIssue } from './types.js';

type PreviewChecker = (compiled: CompiledTemplate) => DataIssue[] | Promise<DataIssue[]>;

let checker: Promise<PreviewChecker | undefined> | undefined;

// The inference module (issue 3) may not be part of this build; without it only the data's
// shape as rendered is checked.
function loadChecker(): Promise<PreviewChecker | undefined> {
  const specifier = '../infer/index.js';
  checker ??= import(specifier).then(
    (mod: { checkPreviewData?: PreviewChecker }) => mod.checkPreviewData,
    () => undefined,
  );
  return checker;
}

/** preview.json problems found by the template's inferred data requirements. */
export async function previewDataIssues(compiled: CompiledTemplate): Promise<CheckIssue[]> {
  const check = await loadChecker();
  if (!check || compiled.preview === undefined) return [];
  const issues = await check(compiled);
  return issues.map((issue) => ({
    rule: 'preview-data' as const,
    file: `${compiled.name}/preview.json`,
    message: `${issue.path || '(root)'}: ${issue.message}`,
  }));
}
