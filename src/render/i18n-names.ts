/**
 * Helpers a mailer with catalogs adds to every template (reserved names then). Kept apart from
 * i18n.ts so inference and the slim runtime can know them without loading intl-messageformat.
 */
export const I18N_HELPERS = ['t', 'money', 'date'] as const;
