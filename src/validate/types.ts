import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { TemplateRegistry } from '../types.js';

declare const open: unique symbol;

/**
 * Brand of a registry that accepts any template name besides its own keys: the mailer's registry
 * when no declaration was generated but some templates have schemas (those stay typed, the rest
 * are `Record<string, unknown>`).
 */
export interface OpenRegistry {
  readonly [open]?: true;
}

/** What callers pass for each schema-declared template (the schema's input type, before transforms). */
export type SchemaInputs<S> = {
  [K in keyof S]: S[K] extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S[K]> : never;
};

/**
 * The registry a mailer is typed by: the generated declarations (`Base`, the augmented
 * `TemplateRegistry` by default), with every schema-declared template taking the schema's input type
 * instead. With an empty `Base` the result is open: other names stay allowed (untyped mode).
 *
 * @example
 * type R = RegistryWith<{ welcome: typeof welcomeSchema }>;
 * type Data = TemplateDataOf<R, 'welcome'>; // z.input<typeof welcomeSchema>
 */
export type RegistryWith<S, Base = TemplateRegistry> = [keyof Base] extends [never]
  ? SchemaInputs<S> & OpenRegistry
  : Omit<Base, keyof S> & SchemaInputs<S>;

/**
 * Template names a registry accepts: its keys; any string when it is empty; its keys (offered by
 * autocompletion) plus any string when it is open.
 */
export type TemplateNameOf<R> = R extends { readonly [open]?: true }
  ? Extract<keyof R, string> | (string & {})
  : [Extract<keyof R, string>] extends [never]
    ? string
    : Extract<keyof R, string>;

/** Data of template `N`: its declared type, or `Record<string, unknown>` for a name the registry does not know. */
export type TemplateDataOf<R, N> = N extends Extract<keyof R, string> ? R[N] : Record<string, unknown>;
