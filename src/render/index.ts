/**
 * @module
 * The render pipeline: templates compiled once (layout, MJML, juice, text) and rendered per send
 * by compiled Handlebars functions only.
 */
export { foldSubject } from './finish.js';
export { previewScenarios } from './preview.js';
export { createRenderer } from './renderer.js';
export type { CompiledTemplate, CompileEvent, Renderer, RendererOptions, TemplateSources } from './types.js';
