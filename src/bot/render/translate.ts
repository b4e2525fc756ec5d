/** A Fluent message by its id, in one locale already chosen: `ctx.t`, or the i18n's `t` bound to a locale. */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;
