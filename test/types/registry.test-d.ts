/**
 * Type tests, compiled by `tsc --noEmit` (not run): the shipped templates' generated registry
 * (mailsmith-env.d.ts at the repo root augments TemplateRegistry), schemas winning over inference,
 * and untyped / open registries through the generic helpers.
 */
import * as v from 'valibot';
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import type { RegistryWith, TemplateDataOf, TemplateNameOf } from '../../src/validate/index.js';

type None = Record<never, never>;

/** A `send` typed exactly like `Mailer<R>['send']`. */
type Send<R> = <N extends TemplateNameOf<R>>(template: N, data: TemplateDataOf<R, N>) => void;
declare function sender<R>(): Send<R>;

const shipped = sender<RegistryWith<None>>();
const welcome = { name: 'Ada', items: [{ title: 'Complete your profile', url: 'https://acme.example.com' }] };

// --- the generated registry of the shipped templates
expectTypeOf<TemplateNameOf<RegistryWith<None>>>().toEqualTypeOf<
  'password-reset' | 'receipt' | 'verify-email' | 'welcome'
>();
shipped('welcome', welcome);
shipped('welcome', { ...welcome, coupon: { code: 'W50', description: '¥50 off' } });
// @ts-expect-error a wrong template name
shipped('welcom', welcome);
// @ts-expect-error a missing field (name)
shipped('welcome', { items: [] });
// @ts-expect-error a wrong field type (name is printed and preview.json holds a string)
shipped('welcome', { ...welcome, name: 1 });
// @ts-expect-error a wrong type inside an #each element
shipped('welcome', { name: 'Ada', items: [{ title: ['x'] }] });
// @ts-expect-error an object field given a string
shipped('welcome', { ...welcome, coupon: 'W50' });
// @ts-expect-error a required field of an optional object (coupon.code)
shipped('welcome', { ...welcome, coupon: { description: '¥50 off' } });
// @ts-expect-error the data of another template
shipped('password-reset', welcome);

// Autocompletion: names and fields come from the registry; optional fields are optional.
expectTypeOf<TemplateDataOf<RegistryWith<None>, 'welcome'>>().toHaveProperty('items');
expectTypeOf<TemplateDataOf<RegistryWith<None>, 'welcome'>['coupon']>().toEqualTypeOf<
  { code: string; description: string; expires?: string } | undefined
>();
expectTypeOf<
  TemplateDataOf<RegistryWith<None>, 'password-reset'>['expiresInMinutes']
>().toEqualTypeOf<number>();

// --- a schema wins over inference (zod), and declares templates the registry lacks
const welcomeSchema = z.object({
  name: z.string(),
  plan: z.enum(['free', 'pro']),
  seats: z.number().default(1),
});
const digestSchema = z.object({ weekOf: z.string() });
type WithZod = RegistryWith<{ welcome: typeof welcomeSchema; digest: typeof digestSchema }>;
const zodSend = sender<WithZod>();
expectTypeOf<TemplateDataOf<WithZod, 'welcome'>>().toEqualTypeOf<z.input<typeof welcomeSchema>>();
zodSend('welcome', { name: 'Ada', plan: 'pro' }); // items no longer required, seats has a default
zodSend('digest', { weekOf: '2026-W01' });
zodSend('receipt', {} as TemplateDataOf<RegistryWith<None>, 'receipt'>); // the others keep their inferred types
// @ts-expect-error the schema's enum, not the template's inference
zodSend('welcome', { name: 'Ada', plan: 'gold' });
// @ts-expect-error still no unknown names
zodSend('digests', { weekOf: '2026-W01' });

// --- valibot: the same, input types (before transforms)
const resetSchema = v.object({
  name: v.string(),
  resetUrl: v.pipe(v.string(), v.url()),
  expiresInMinutes: v.pipe(v.string(), v.transform(Number)),
});
type WithValibot = RegistryWith<{ 'password-reset': typeof resetSchema }>;
expectTypeOf<TemplateDataOf<WithValibot, 'password-reset'>>().toEqualTypeOf<{
  name: string;
  resetUrl: string;
  expiresInMinutes: string;
}>();
const valibotSend = sender<WithValibot>();
// @ts-expect-error the schema's input is a string here, though the template infers a number
valibotSend('password-reset', { name: 'Ada', resetUrl: 'https://x.example', expiresInMinutes: 30 });

// --- untyped mode: no generated declaration (an empty base registry)
type Untyped = RegistryWith<None, None>;
expectTypeOf<TemplateNameOf<Untyped>>().toEqualTypeOf<string>();
expectTypeOf<TemplateDataOf<Untyped, 'anything'>>().toEqualTypeOf<Record<string, unknown>>();
const untyped = sender<Untyped>();
untyped('anything', { whatever: 1 });
const dynamicName: string = 'welcome';
untyped(dynamicName, {});
// @ts-expect-error data is still an object
untyped('anything', 'text');

// --- open mode: no declaration, but some schemas: those templates typed, every other name allowed
type Open = RegistryWith<{ welcome: typeof welcomeSchema }, None>;
const open = sender<Open>();
open('welcome', { name: 'Ada', plan: 'free' });
open('receipt', { anything: true });
// @ts-expect-error the schema still checks its template
open('welcome', { name: 'Ada' });
expectTypeOf<'welcome'>().toExtend<TemplateNameOf<Open>>();

// --- another generated registry, through the Base parameter
interface OtherRegistry {
  invoice: { number: string; lines: { amount: number }[] };
}
const other = sender<RegistryWith<None, OtherRegistry>>();
other('invoice', { number: 'F-1', lines: [{ amount: 3 }] });
// @ts-expect-error not in that registry
other('welcome', welcome);
// @ts-expect-error wrong element type
other('invoice', { number: 'F-1', lines: [{ amount: '3' }] });
